package dev.neurite.layers.classic;

import dev.neurite.api.DType;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;

/**
 * Column means and (optionally centred) cross-products {@code X^T X} and {@code X^T Y} of a data matrix, computed by
 * backend matrix products in float64 over chunks of rows, so a large float32 data set is never copied whole to
 * float64. Centring happens before the products (two passes), which keeps the covariance free of the cancellation
 * of {@code X^T X - n m m^T}.
 */
record Moments(int rows, int features, int outputs, double[] meanX, double[] meanY, double[] xtx, double[] xty) {
    private static final long CHUNK_ELEMENTS = 1L << 21;

    /** {@code y} may be null ({@code xty} is then empty); means are zero when {@code centre} is false. */
    @SuppressWarnings("try")
    static Moments of(String op, Tensor x, Tensor y, boolean centre) {
        Checks.matrix(op, "X", x);
        int n = Math.toIntExact(x.size(0));
        int d = Math.toIntExact(x.size(1));
        int m = y == null ? 0 : Math.toIntExact(y.size(1));
        if (y != null && y.size(0) != n) {
            throw new IllegalArgumentException(op + ": expected " + n + " target rows (one per row of X), got shape " + y.shape());
        }
        int chunk = (int) Math.max(1, Math.min(n, CHUNK_ELEMENTS / Math.max(1, d + m)));
        double[] meanX = new double[d];
        double[] meanY = new double[m];
        if (centre) {
            for (int s = 0; s < n; s += chunk) {
                try (MemoryScope scope = MemoryScope.open()) {
                    int e = Math.min(n, s + chunk);
                    addInto(meanX, x.slice(0, s, e).cast(DType.FLOAT64).sum(0, false).toDoubleArray(), 1.0 / n);
                    if (y != null) {
                        addInto(meanY, y.slice(0, s, e).cast(DType.FLOAT64).sum(0, false).toDoubleArray(), 1.0 / n);
                    }
                }
            }
        }
        double[] xtx = new double[d * d];
        double[] xty = new double[d * m];
        try (MemoryScope outer = MemoryScope.open()) {
            Tensor mx = Tensor.of(DType.FLOAT64, meanX, 1, d);
            Tensor my = y == null ? null : Tensor.of(DType.FLOAT64, meanY, 1, m);
            for (int s = 0; s < n; s += chunk) {
                try (MemoryScope scope = MemoryScope.open()) {
                    int e = Math.min(n, s + chunk);
                    Tensor xc = x.slice(0, s, e).cast(DType.FLOAT64).sub(mx);
                    addInto(xtx, xc.matmul(xc, true, false).toDoubleArray(), 1);
                    if (y != null) {
                        Tensor yc = y.slice(0, s, e).cast(DType.FLOAT64).sub(my);
                        addInto(xty, xc.matmul(yc, true, false).toDoubleArray(), 1);
                    }
                }
            }
        }
        return new Moments(n, d, m, meanX, meanY, xtx, xty);
    }

    private static void addInto(double[] into, double[] values, double scale) {
        for (int i = 0; i < into.length; i++) {
            into[i] += values[i] * scale;
        }
    }
}
