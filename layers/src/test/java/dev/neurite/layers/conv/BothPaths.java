package dev.neurite.layers.conv;

import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Kernels;

import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs a computation with the backend's fused kernels and again on the primitive path, and compares the two. */
final class BothPaths {
    private BothPaths() {
    }

    /** Asserts that both paths give {@code expected} (row-major) in {@code shape}. */
    static void assertOutput(Supplier<Tensor> f, long[] shape, double[] expected, double tolerance) {
        for (Tensor y : List.of(f.get(), Kernels.disabledWhile(f))) {
            assertArrayEquals(shape, y.shape().toArray());
            assertArrayEquals(expected, y.toDoubleArray(), tolerance);
        }
    }

    /**
     * Asserts that both paths give the same output and the same gradients of {@code sum(y * r)} (r a fixed random
     * tensor) with respect to {@code leaves}, to {@code tolerance} relative to the largest magnitude.
     */
    static void assertSameGradients(Supplier<Tensor> f, List<Tensor> leaves, double tolerance) {
        double[][] fused = run(f, leaves);
        double[][] primitive = Kernels.disabledWhile(() -> run(f, leaves));
        assertEquals(fused.length, primitive.length);
        for (int i = 0; i < fused.length; i++) {
            double scale = 1;
            for (double v : primitive[i]) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertArrayEquals(primitive[i], fused[i], tolerance * scale, i == 0 ? "output" : "gradient of leaf " + (i - 1));
        }
    }

    private static double[][] run(Supplier<Tensor> f, List<Tensor> leaves) {
        leaves.forEach(Tensor::zeroGrad);
        Tensor y = f.get();
        Tensor r = Tensor.randn(y.shape(), 99).cast(y.dtype());
        y.mul(r).sum().backward();
        double[][] out = new double[leaves.size() + 1][];
        out[0] = y.toDoubleArray();
        for (int i = 0; i < leaves.size(); i++) {
            out[i + 1] = leaves.get(i).grad().toDoubleArray();
        }
        return out;
    }
}
