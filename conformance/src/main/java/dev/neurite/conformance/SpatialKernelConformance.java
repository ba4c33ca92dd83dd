package dev.neurite.conformance;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.Backend;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.kernel.BatchNormKernel;
import dev.neurite.api.backend.kernel.Conv2dKernel;
import dev.neurite.api.backend.kernel.Pool2dKernel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit's part for the spatial fused kernels ({@link Conv2dKernel}, {@link Pool2dKernel}, {@link BatchNormKernel}):
 * forward and backward against direct float64 loops written here in Java, in float32 and float64, over the geometry
 * layers use (stride, padding, dilation, groups, depthwise). {@link BackendConformance} extends it, so a backend
 * runs these with the rest of the kit; a backend without one of the kernels has those tests skipped.
 */
public abstract class SpatialKernelConformance {
    private final List<NdArray> owned = new ArrayList<>();

    /** The backend under test. */
    protected abstract Backend backend();

    @AfterEach
    protected final void closeSpatialArrays() {
        owned.forEach(NdArray::close);
        owned.clear();
    }

    private <K> K spatialKernel(Class<K> kind) {
        return backend().kernel(kind).orElseGet(() -> {
            Assumptions.abort("backend '" + backend().name() + "' offers no " + kind.getSimpleName()
                    + " (layers use the primitive path there)");
            return null;
        });
    }

    private NdArray own(NdArray a) {
        owned.add(a);
        return a;
    }

    private NdArray random(DType dtype, long seed, long... shape) {
        return own(backend().random(Shape.of(shape), dtype, Distribution.NORMAL, 0, 1, seed));
    }

    private void close(double[] expected, NdArray actual, DType dtype, String what) {
        own(actual);
        double[] a = backend().toDoubles(actual);
        assertEquals(expected.length, a.length, what + ": element count");
        double tol = dtype == DType.FLOAT64 ? 1e-10 : 2e-4;
        for (int i = 0; i < a.length; i++) {
            assertEquals(expected[i], a[i], tol * Math.max(1, Math.abs(expected[i])), what + ": element " + i);
        }
    }

    /** One convolution's geometry: x [b, c, h, w] and weight [o, c/groups, kh, kw]. */
    private record Geometry(int b, int c, int h, int w, int o, int kh, int kw, int[] stride, int[] pad, int[] dil,
                            int groups) {
        @Override
        public String toString() {
            return "x [" + b + ", " + c + ", " + h + ", " + w + "] weight [" + o + ", " + c / groups + ", " + kh + ", "
                    + kw + "] stride " + Arrays.toString(stride) + " padding " + Arrays.toString(pad) + " dilation "
                    + Arrays.toString(dil) + " groups " + groups;
        }

        int ho() {
            return (int) Conv2dKernel.outputSize(h, kh, stride[0], pad[0], dil[0]);
        }

        int wo() {
            return (int) Conv2dKernel.outputSize(w, kw, stride[1], pad[1], dil[1]);
        }

        /** Visits every (batch, out channel, output position, in channel of the group, tap) that lands in the input. */
        void forEachTap(Tap tap) {
            int cg = c / groups;
            int og = o / groups;
            for (int n = 0; n < b; n++) {
                for (int oc = 0; oc < o; oc++) {
                    int g = oc / og;
                    for (int y = 0; y < ho(); y++) {
                        for (int x = 0; x < wo(); x++) {
                            for (int ic = 0; ic < cg; ic++) {
                                for (int i = 0; i < kh; i++) {
                                    int iy = y * stride[0] - pad[0] + i * dil[0];
                                    for (int j = 0; j < kw; j++) {
                                        int ix = x * stride[1] - pad[1] + j * dil[1];
                                        if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                            int xi = ((n * c + g * cg + ic) * h + iy) * w + ix;
                                            int wi = ((oc * cg + ic) * kh + i) * kw + j;
                                            int yi = ((n * o + oc) * ho() + y) * wo() + x;
                                            tap.at(xi, wi, yi);
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private interface Tap {
        void at(int xIndex, int weightIndex, int yIndex);
    }

    private static final Geometry[] CONVOLUTIONS = {
            new Geometry(2, 3, 6, 5, 4, 3, 3, new int[]{1, 1}, new int[]{1, 1}, new int[]{1, 1}, 1),
            new Geometry(2, 4, 7, 6, 6, 3, 2, new int[]{2, 1}, new int[]{1, 0}, new int[]{1, 2}, 2),
            // depthwise with a channel multiplier of 2, as MobileNets use it
            new Geometry(1, 3, 5, 5, 6, 3, 3, new int[]{1, 1}, new int[]{1, 1}, new int[]{1, 1}, 3),
            new Geometry(1, 2, 9, 8, 2, 3, 3, new int[]{2, 2}, new int[]{2, 1}, new int[]{2, 2}, 2),
    };

    @Test
    protected void conv2dKernelMatchesDirectLoopsForwardAndBackward() {
        Conv2dKernel k = spatialKernel(Conv2dKernel.class);
        for (DType dtype : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            for (Geometry gm : CONVOLUTIONS) {
                String what = "conv2d " + dtype + " " + gm;
                NdArray x = random(dtype, 1, gm.b, gm.c, gm.h, gm.w);
                NdArray w = random(dtype, 2, gm.o, gm.c / gm.groups, gm.kh, gm.kw);
                NdArray bias = random(dtype, 3, gm.o);
                NdArray gy = random(dtype, 4, gm.b, gm.o, gm.ho(), gm.wo());
                double[] xv = backend().toDoubles(x);
                double[] wv = backend().toDoubles(w);
                double[] bv = backend().toDoubles(bias);
                double[] gv = backend().toDoubles(gy);
                double[] y = new double[gm.b * gm.o * gm.ho() * gm.wo()];
                double[] dx = new double[xv.length];
                double[] dw = new double[wv.length];
                double[] db = new double[gm.o];
                gm.forEachTap((xi, wi, yi) -> {
                    y[yi] += xv[xi] * wv[wi];
                    dx[xi] += gv[yi] * wv[wi];
                    dw[wi] += gv[yi] * xv[xi];
                });
                int plane = gm.ho() * gm.wo();
                for (int i = 0; i < y.length; i++) {
                    int oc = (i / plane) % gm.o;
                    y[i] += bv[oc];
                    db[oc] += gv[i];
                }
                NdArray out = k.forward(x, w, bias, gm.stride, gm.pad, gm.dil, gm.groups);
                assertEquals(Shape.of(gm.b, gm.o, gm.ho(), gm.wo()), out.shape(), what);
                close(y, out, dtype, what + " forward");
                NdArray[] d = k.backward(x, w, gy, gm.stride, gm.pad, gm.dil, gm.groups, true, true);
                close(dx, d[0], dtype, what + " dX");
                close(dw, d[1], dtype, what + " dW");
                close(db, d[2], dtype, what + " dB");
                NdArray[] only = k.backward(x, w, gy, gm.stride, gm.pad, gm.dil, gm.groups, false, false);
                assertNull(only[0], "dX not asked for");
                assertNull(only[2], "dB not asked for");
                close(dw, only[1], dtype, what + " dW alone");
            }
        }
    }

    @Test
    protected void conv2dKernelRejectsMismatchedShapes() {
        Conv2dKernel k = spatialKernel(Conv2dKernel.class);
        int[] one = {1, 1};
        NdArray x = random(DType.FLOAT32, 1, 1, 2, 3, 3);
        NdArray w = random(DType.FLOAT32, 2, 1, 1, 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> own(k.forward(x, w, null, one, new int[]{0, 0}, one, 1)));
        assertTrue(e.getMessage().contains("Conv2dKernel") && e.getMessage().contains("[1, 2, 3, 3]")
                && e.getMessage().contains("[1, 1, 2, 2]"), e.getMessage());
    }

    @Test
    protected void pool2dKernelMatchesDirectLoopsForwardAndBackward() {
        Pool2dKernel k = spatialKernel(Pool2dKernel.class);
        int[][][] cases = {{{2, 2}, {2, 2}, {0, 0}}, {{3, 2}, {2, 1}, {1, 1}}, {{3, 3}, {1, 2}, {1, 0}}};
        for (DType dtype : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            for (int[][] c : cases) {
                int[] kernel = c[0];
                int[] stride = c[1];
                int[] pad = c[2];
                int b = 2;
                int ch = 3;
                int h = 7;
                int w = 6;
                int ho = (int) Conv2dKernel.outputSize(h, kernel[0], stride[0], pad[0], 1);
                int wo = (int) Conv2dKernel.outputSize(w, kernel[1], stride[1], pad[1], 1);
                NdArray x = random(dtype, 5, b, ch, h, w);
                NdArray gy = random(dtype, 6, b, ch, ho, wo);
                double[] xv = backend().toDoubles(x);
                double[] gv = backend().toDoubles(gy);
                for (Pool2dKernel.Mode mode : Pool2dKernel.Mode.values()) {
                    String what = mode + " pool " + dtype + " kernel " + Arrays.toString(kernel) + " stride "
                            + Arrays.toString(stride) + " padding " + Arrays.toString(pad);
                    double[] y = new double[b * ch * ho * wo];
                    double[] dx = new double[xv.length];
                    for (int p = 0; p < b * ch; p++) {
                        for (int oy = 0; oy < ho; oy++) {
                            for (int ox = 0; ox < wo; ox++) {
                                int yi = (p * ho + oy) * wo + ox;
                                double best = Double.NEGATIVE_INFINITY;
                                int arg = -1;
                                double sum = 0;
                                for (int i = 0; i < kernel[0]; i++) {
                                    for (int j = 0; j < kernel[1]; j++) {
                                        int iy = oy * stride[0] - pad[0] + i;
                                        int ix = ox * stride[1] - pad[1] + j;
                                        if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                                            continue;
                                        }
                                        int xi = (p * h + iy) * w + ix;
                                        sum += xv[xi];
                                        if (xv[xi] > best) {
                                            best = xv[xi];
                                            arg = xi;
                                        }
                                    }
                                }
                                if (mode == Pool2dKernel.Mode.MAX) {
                                    y[yi] = best;
                                    dx[arg] += gv[yi];
                                } else {
                                    // PyTorch's default count_include_pad=True: always divide by kh*kw.
                                    int area = kernel[0] * kernel[1];
                                    y[yi] = sum / area;
                                    for (int i = 0; i < kernel[0]; i++) {
                                        for (int j = 0; j < kernel[1]; j++) {
                                            int iy = oy * stride[0] - pad[0] + i;
                                            int ix = ox * stride[1] - pad[1] + j;
                                            if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                                dx[(p * h + iy) * w + ix] += gv[yi] / area;
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    NdArray out = k.forward(mode, x, kernel, stride, pad);
                    assertEquals(Shape.of(b, ch, ho, wo), out.shape(), what);
                    close(y, out, dtype, what + " forward");
                    close(dx, k.backward(mode, x, gy, kernel, stride, pad), dtype, what + " dX");
                }
            }
        }
    }

    @Test
    protected void batchNormKernelMatchesBatchStatistics() {
        BatchNormKernel k = spatialKernel(BatchNormKernel.class);
        double eps = 1e-5;
        for (DType dtype : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            for (long[] shape : new long[][]{{6, 3}, {4, 3, 5, 2}}) {
                String what = "batch norm " + dtype + " " + Arrays.toString(shape);
                NdArray x = random(dtype, 7, shape);
                NdArray gamma = random(dtype, 8, 3);
                NdArray beta = random(dtype, 9, 3);
                double[] xv = backend().toDoubles(x);
                double[] gv = backend().toDoubles(gamma);
                double[] bv = backend().toDoubles(beta);
                int n = (int) shape[0];
                int inner = xv.length / n / 3;
                double[] mean = new double[3];
                double[] var = new double[3];
                for (int i = 0; i < xv.length; i++) {
                    mean[(i / inner) % 3] += xv[i] / (n * inner);
                }
                for (int i = 0; i < xv.length; i++) {
                    int c = (i / inner) % 3;
                    var[c] += (xv[i] - mean[c]) * (xv[i] - mean[c]) / (n * inner);
                }
                double[] y = new double[xv.length];
                double[] plain = new double[xv.length];
                for (int i = 0; i < xv.length; i++) {
                    int c = (i / inner) % 3;
                    plain[i] = (xv[i] - mean[c]) / Math.sqrt(var[c] + eps);
                    y[i] = plain[i] * gv[c] + bv[c];
                }
                NdArray[] r = k.forward(x, gamma, beta, eps);
                assertEquals(Shape.of(shape), r[0].shape(), what);
                close(y, r[0], dtype, what + " y");
                close(mean, r[1], dtype, what + " mean");
                close(var, r[2], dtype, what + " variance");
                NdArray[] noAffine = k.forward(x, null, null, eps);
                close(plain, noAffine[0], dtype, what + " y without gamma and beta");
                own(noAffine[1]);
                own(noAffine[2]);
            }
        }
    }
}
