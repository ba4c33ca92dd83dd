package dev.neurite.backend.cpu;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.Backend;
import dev.neurite.api.backend.Backends;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.kernel.BatchNormKernel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The batch-norm kernel on its own: known values for ranks 2 to 4 in both float dtypes, and argument errors. Its
 * agreement with the primitive path, autograd and PyTorch is tested in neurite-layers.
 */
class CpuBatchNormKernelTest {
    private final Backend backend = Backends.byName(CpuBackendProvider.NAME);
    private final BatchNormKernel kernel = backend.kernel(BatchNormKernel.class).orElseThrow();

    private NdArray array(DType dtype, double[] values, long... shape) {
        return backend.fromDoubles(values, Shape.of(shape), dtype);
    }

    /** Reference: per channel c of x [b, c, s] (s the flattened spatial size). */
    private static double[][] reference(double[] x, int b, int c, int s, double[] gamma, double[] beta, double eps) {
        double[] y = new double[x.length];
        double[] mean = new double[c];
        double[] var = new double[c];
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < s; j++) {
                    sum += x[(i * c + ch) * s + j];
                }
            }
            mean[ch] = sum / (b * s);
            double sq = 0;
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < s; j++) {
                    double d = x[(i * c + ch) * s + j] - mean[ch];
                    sq += d * d;
                }
            }
            var[ch] = sq / (b * s);
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < s; j++) {
                    int k = (i * c + ch) * s + j;
                    double n = (x[k] - mean[ch]) / Math.sqrt(var[ch] + eps);
                    y[k] = gamma == null ? n : n * gamma[ch] + beta[ch];
                }
            }
        }
        return new double[][]{y, mean, var};
    }

    @Test
    void normalisesPerChannelForRanksTwoToFour() {
        long[][] shapes = {{6, 3}, {2, 3, 5}, {2, 3, 2, 4}};
        double[] gamma = {0.5, 2, -1};
        double[] beta = {0.1, -0.2, 3};
        for (DType dtype : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            for (long[] shape : shapes) {
                int numel = (int) Shape.of(shape).numel();
                double[] x = new double[numel];
                for (int i = 0; i < numel; i++) {
                    x[i] = Math.sin(i * 1.7) * 3 + (i % 3);
                }
                int s = numel / (int) (shape[0] * shape[1]);
                for (boolean affine : new boolean[]{true, false}) {
                    double[][] expected = reference(x, (int) shape[0], 3, s, affine ? gamma : null, beta, 1e-5);
                    NdArray[] r = kernel.forward(array(dtype, x, shape), affine ? array(dtype, gamma, 3) : null,
                            affine ? array(dtype, beta, 3) : null, 1e-5);
                    double tol = dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
                    assertArrayEquals(shape, r[0].shape().toArray());
                    assertArrayEquals(expected[0], backend.toDoubles(r[0]), tol * 10);
                    assertArrayEquals(expected[1], backend.toDoubles(r[1]), tol);
                    assertArrayEquals(expected[2], backend.toDoubles(r[2]), tol * 10);
                }
            }
        }
    }

    @Test
    void argumentErrorsNameTheKernelAndTheShapes() {
        NdArray x = array(DType.FLOAT32, new double[12], 2, 3, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kernel.forward(x, array(DType.FLOAT32, new double[2], 2), array(DType.FLOAT32, new double[2], 2), 1e-5));
        assertTrue(e.getMessage().contains("BatchNormKernel") && e.getMessage().contains("[3]")
                && e.getMessage().contains("[2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> kernel.forward(x, array(DType.FLOAT32, new double[3], 3), null, 1e-5));
        assertTrue(e.getMessage().contains("both"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> kernel.forward(array(DType.FLOAT32, new double[3], 3),
                null, null, 1e-5));
        assertTrue(e.getMessage().contains("rank 2 to 4"), e.getMessage());
    }

    /** Reference gradients {dx, dgamma, dbeta} of sum(g * y), straight from the definition of y, per channel. */
    private static double[][] referenceGradients(double[] x, double[] g, int b, int c, int s, double[] gamma, double eps) {
        double[][] stats = reference(x, b, c, s, null, null, eps);
        double[] dx = new double[x.length];
        double[] dGamma = new double[c];
        double[] dBeta = new double[c];
        int n = b * s;
        for (int ch = 0; ch < c; ch++) {
            double std = Math.sqrt(stats[2][ch] + eps);
            double sumG = 0;
            double sumGxhat = 0;
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < s; j++) {
                    int k = (i * c + ch) * s + j;
                    sumG += g[k];
                    sumGxhat += g[k] * stats[0][k];
                }
            }
            dBeta[ch] = sumG;
            dGamma[ch] = sumGxhat;
            double scale = (gamma == null ? 1 : gamma[ch]) / std;
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < s; j++) {
                    int k = (i * c + ch) * s + j;
                    dx[k] = scale * (g[k] - sumG / n - stats[0][k] * sumGxhat / n);
                }
            }
        }
        return new double[][]{dx, dGamma, dBeta};
    }

    @Test
    void backwardMatchesTheGradientThroughTheBatchStatistics() {
        long[][] shapes = {{6, 3}, {2, 3, 5}, {4, 3, 3, 5}};
        double[] gamma = {0.5, 2, -1};
        double[] beta = {0.1, -0.2, 3};
        for (DType dtype : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            for (long[] shape : shapes) {
                int numel = (int) Shape.of(shape).numel();
                double[] x = new double[numel];
                double[] g = new double[numel];
                for (int i = 0; i < numel; i++) {
                    x[i] = Math.sin(i * 1.7) * 3 + (i % 3);
                    g[i] = Math.cos(i * 0.3) - 0.2 * (i % 5);
                }
                int s = numel / (int) (shape[0] * shape[1]);
                for (boolean affine : new boolean[]{true, false}) {
                    double[][] expected = referenceGradients(x, g, (int) shape[0], 3, s, affine ? gamma : null, 1e-5);
                    NdArray xa = array(dtype, x, shape);
                    NdArray[] f = kernel.forward(xa, affine ? array(dtype, gamma, 3) : null, affine ? array(dtype, beta, 3) : null, 1e-5);
                    NdArray[] d = kernel.backward(xa, affine ? array(dtype, gamma, 3) : null, f[1], f[2], array(dtype, g, shape), 1e-5)
                            .orElseThrow();
                    double tol = dtype == DType.FLOAT32 ? 1e-4 : 1e-10;
                    String what = dtype + " " + Shape.of(shape) + (affine ? " affine" : "");
                    assertArrayEquals(shape, d[0].shape().toArray(), what);
                    assertArrayEquals(expected[0], backend.toDoubles(d[0]), tol, "dx " + what);
                    if (affine) {
                        assertArrayEquals(expected[1], backend.toDoubles(d[1]), tol * 10, "dgamma " + what);
                        assertArrayEquals(expected[2], backend.toDoubles(d[2]), tol * 10, "dbeta " + what);
                    } else {
                        assertTrue(d[1] == null && d[2] == null, "no affine gradients without gamma");
                    }
                }
            }
        }
    }

    @Test
    void backwardRejectsAGradientOfAnotherShape() {
        NdArray x = array(DType.FLOAT32, new double[12], 2, 3, 2);
        NdArray[] f = kernel.forward(x, null, null, 1e-5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kernel.backward(x, null, f[1], f[2], array(DType.FLOAT32, new double[6], 2, 3), 1e-5));
        assertTrue(e.getMessage().contains("BatchNormKernel") && e.getMessage().contains("[2, 3, 2]")
                && e.getMessage().contains("[2, 3]"), e.getMessage());
    }
}
