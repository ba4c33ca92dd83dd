package dev.neurite.backend.cpu;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.Backend;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.kernel.Conv2dKernel;
import dev.neurite.api.backend.kernel.Pool2dKernel;

/**
 * Times the fused Conv2dKernel (forward, and backward with dX, dW and dB) and the 2x2 max-pool kernel on the two
 * convolutions of the Fashion-MNIST CNN (batch 128, 3x3, padding 1), to set beside DESIGN.md's measured figures.
 * Not a test; run with
 * {@code java -cp backend-cpu/target/test-classes:backend-cpu/target/classes:<test class path>
 * dev.neurite.backend.cpu.ConvKernelBenchmark} (the class path from {@code mvn dependency:build-classpath}). Each figure is the best of 20 rounds (a shared 2-core machine stalls some rounds).
 */
public final class ConvKernelBenchmark {
    private static final int ROUNDS = 20;
    private static final int[] ONE = {1, 1};

    private ConvKernelBenchmark() {
    }

    public static void main(String[] args) {
        Backend backend = new CpuBackendProvider().create();
        Conv2dKernel conv = backend.kernel(Conv2dKernel.class).orElseThrow();
        Pool2dKernel pool = backend.kernel(Pool2dKernel.class).orElseThrow();
        System.out.println("device: " + backend.device());
        System.out.printf("%-22s %10s %12s %10s %12s %12s%n", "float32, batch 128", "fwd ms", "no-bias fwd", "bwd ms",
                "maxpool fwd", "maxpool bwd");
        int[][] cases = {{1, 32, 28}, {32, 64, 14}};
        for (int[] c : cases) {
            NdArray x = backend.random(Shape.of(128, c[0], c[2], c[2]), DType.FLOAT32, Distribution.NORMAL, 0, 1, 1);
            NdArray w = backend.random(Shape.of(c[1], c[0], 3, 3), DType.FLOAT32, Distribution.NORMAL, 0, 0.1, 2);
            NdArray b = backend.random(Shape.of(c[1]), DType.FLOAT32, Distribution.NORMAL, 0, 0.1, 3);
            NdArray y = conv.forward(x, w, b, ONE, ONE, ONE, 1);
            double fwd = bestMillis(() -> conv.forward(x, w, b, ONE, ONE, ONE, 1).close());
            double fwdNoBias = bestMillis(() -> conv.forward(x, w, null, ONE, ONE, ONE, 1).close());
            double bwd = bestMillis(() -> {
                for (NdArray g : conv.backward(x, w, y, ONE, ONE, ONE, 1, true, true)) {
                    g.close();
                }
            });
            int[] two = {2, 2};
            int[] zero = {0, 0};
            NdArray p = pool.forward(Pool2dKernel.Mode.MAX, y, two, two, zero);
            double pf = bestMillis(() -> pool.forward(Pool2dKernel.Mode.MAX, y, two, two, zero).close());
            double pb = bestMillis(() -> pool.backward(Pool2dKernel.Mode.MAX, y, p, two, two, zero).close());
            System.out.printf("%-22s %10.2f %12.2f %10.2f %12.2f %12.2f%n", c[0] + "->" + c[1] + " @" + c[2] + "x" + c[2],
                    fwd, fwdNoBias, bwd, pf, pb);
        }
    }

    private static double bestMillis(Runnable body) {
        for (int i = 0; i < 3; i++) {
            body.run();
        }
        double best = Double.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            long t0 = System.nanoTime();
            body.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
        }
        return best;
    }
}
