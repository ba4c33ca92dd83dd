package dev.neurite.backend.nd4j;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.Backend;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.kernel.LinearKernel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the fused linear kernel is worth on nd4j-native: times ND4J's {@code matmul} custom op against
 * {@code INDArray.mmul}, then the LinearKernel variants, printing GFLOPS. Not a test; run with
 * {@code mvn -f backend-nd4j/pom.xml test-compile exec:java -Dexec.mainClass=dev.neurite.backend.nd4j.Nd4jKernelBenchmark
 * -Dexec.classpathScope=test -Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2} (or {@code -onednn-avx512};
 * without the property the plain, non-oneDNN build loads), or from an IDE. Each figure is the best of 30 batches,
 * to shrug off noise.
 */
public final class Nd4jKernelBenchmark {
    /** On a shared 2-core machine OpenMP stalls whole batches; the best of many rounds is the undisturbed time. */
    private static final int ROUNDS = 30;

    private Nd4jKernelBenchmark() {
    }

    public static void main(String[] args) {
        Backend backend = new Nd4jBackend("cpu", () -> "nd4j-native" + System.getProperty(
                "org.bytedeco.javacpp.platform.extension", ""));
        System.out.println("device: " + backend.device());
        System.out.println();
        System.out.println("float32 matmul, GFLOPS:");
        System.out.printf("%-18s %12s %12s %12s%n", "m x k x n", "matmul op", "mmul", "Backend SPI");
        int[][] sizes = {{128, 784, 256}, {1024, 1024, 1024}};
        for (int[] s : sizes) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            INDArray a = Nd4j.rand(DataType.FLOAT, m, k);
            INDArray b = Nd4j.rand(DataType.FLOAT, k, n);
            INDArray out = Nd4j.createUninitialized(DataType.FLOAT, m, n);
            int reps = m * (long) k * n > 100_000_000L ? 4 : 100;
            double flop = 2.0 * m * k * n;
            double op = bestSeconds(reps, () -> Nd4jMatmul.mm(a, b, out, false, false));
            double mmul = bestSeconds(reps, () -> a.mmul(b).close());
            NdArray x = backend.random(Shape.of(m, k), DType.FLOAT32, Distribution.UNIFORM, 0, 1, 1);
            NdArray y = backend.random(Shape.of(k, n), DType.FLOAT32, Distribution.UNIFORM, 0, 1, 2);
            double spi = bestSeconds(reps, () -> backend.matmul(x, y, false, false).close());
            System.out.printf("%-18s %12.1f %12.1f %12.1f%n", m + "x" + k + "x" + n, flop / op / 1e9, flop / mmul / 1e9,
                    flop / spi / 1e9);
            x.close();
            y.close();
        }
        System.out.println();
        System.out.println("LinearKernel y = x W^T + b, W [out, in], float32, microseconds (GFLOPS):");
        System.out.printf("%-18s %18s %18s %18s %18s%n", "batch x in x out", "matmul(tB)+add", "xw_plus_b",
                "LinearKernel", "SPI matmul+binary");
        LinearKernel kernel = backend.kernel(LinearKernel.class).orElseThrow();
        int[][] layers = {{128, 784, 256}, {128, 256, 128}, {128, 128, 10}, {1024, 1024, 1024}};
        for (int[] l : layers) {
            int batch = l[0];
            int in = l[1];
            int outF = l[2];
            INDArray xi = Nd4j.rand(DataType.FLOAT, batch, in);
            INDArray wi = Nd4j.rand(DataType.FLOAT, outF, in);
            INDArray bi = Nd4j.rand(DataType.FLOAT, outF);
            INDArray yi = Nd4j.createUninitialized(DataType.FLOAT, batch, outF);
            int reps = batch == 1024 ? 4 : 200;
            double flop = 2.0 * batch * in * outF;
            double fused2 = bestSeconds(reps, () -> Nd4jLinearKernel.matmulAdd(xi, wi, bi, yi, false));
            double xwpb = bestSeconds(reps, () -> Nd4jLinearKernel.xwPlusB(xi, wi, bi, yi));
            NdArray x = backend.random(Shape.of(batch, in), DType.FLOAT32, Distribution.UNIFORM, 0, 1, 1);
            NdArray w = backend.random(Shape.of(outF, in), DType.FLOAT32, Distribution.UNIFORM, 0, 1, 2);
            NdArray b = backend.random(Shape.of(outF), DType.FLOAT32, Distribution.UNIFORM, 0, 1, 3);
            double viaKernel = bestSeconds(reps, () -> kernel.forward(x, w, b).close());
            double viaPrimitives = bestSeconds(reps, () -> {
                try (NdArray xw = backend.matmul(x, w, false, true)) {
                    backend.binary(dev.neurite.api.backend.BinaryOp.ADD, xw, b).close();
                }
            });
            System.out.printf("%-18s %18s %18s %18s %18s%n", batch + "x" + in + "x" + outF, fmt(fused2, flop),
                    fmt(xwpb, flop), fmt(viaKernel, flop), fmt(viaPrimitives, flop));
            x.close();
            w.close();
            b.close();
        }
    }

    private static String fmt(double seconds, double flop) {
        return String.format("%.0f (%.0f)", seconds * 1e6, flop / seconds / 1e9);
    }

    private static double bestSeconds(int reps, Runnable body) {
        for (int i = 0; i < Math.max(3, reps / 5); i++) {
            body.run();
        }
        double best = Double.MAX_VALUE;
        int batch = Math.max(1, reps / 10);
        for (int round = 0; round < ROUNDS; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < batch; i++) {
                body.run();
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1e9 / batch);
        }
        return best;
    }
}
