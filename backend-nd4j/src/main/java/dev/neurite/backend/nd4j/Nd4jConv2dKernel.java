package dev.neurite.backend.nd4j;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.kernel.Conv2dKernel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Convolution on libnd4j's {@code conv2d} / {@code conv2d_bp} custom ops, which run on oneDNN with the natives
 * this backend selects. The weight stays in PyTorch's [out, in, kh, kw] layout (libnd4j's wFormat 1), so nothing
 * is transposed per call.
 *
 * <p>Dilation is applied by spreading the weight out with zeros (a {@code d(k-1)+1} kernel at dilation 1):
 * libnd4j's oneDNN path rejects dilated convolutions ("could not create a descriptor for a dilated convolution"),
 * and the spread kernel is exact. Its weight gradient is read back at the taps.
 *
 * <p>Depthwise convolution ({@code groups} equal to the input channels, any channel multiplier) runs as libnd4j's
 * {@code depthwise_conv2d} / {@code depthwise_conv2d_bp}, in one call and with native dilation (that op does not go
 * through oneDNN, so dilation works there): PyTorch's weight {@code [C*m, 1, kh, kw]} becomes libnd4j's
 * {@code [m, C, kh, kw]} (wFormat 1), and both number output channel {@code c*m + j}. Other groupings
 * ({@code 1 < groups < C}) have no libnd4j op: they run one convolution per group on channel slices and write each
 * result into its slice of the output.
 */
final class Nd4jConv2dKernel implements Conv2dKernel {
    private static final String NAME = "Conv2dKernel";
    private final Nd4jBackend backend;

    Nd4jConv2dKernel(Nd4jBackend backend) {
        this.backend = backend;
    }

    @Override
    public NdArray forward(NdArray x, NdArray weight, NdArray bias, int[] stride, int[] padding, int[] dilation,
                           int groups) {
        Nd4jArray xc = backend.arg(NAME, "x", x);
        Nd4jArray w = backend.arg(NAME, "weight", weight);
        Nd4jArray b = bias == null ? null : backend.arg(NAME, "bias", bias);
        Shape ys = check(xc, w, b, stride, padding, dilation, groups);
        DType dtype = xc.dtype();
        int[] iArgs = iArgs(w.shape(), stride, padding, dilation);
        return Nd4jCalls.guard(NAME, () -> {
            INDArray y = Nd4jCalls.alloc(dtype, ys);
            if (ys.numel() == 0) {
                return backend.wrap(y, ys, dtype);
            }
            try (Temps t = new Temps()) {
                INDArray xa = Nd4jWindows.dense(t, xc.read(NAME));
                INDArray ba = b == null ? null : Nd4jWindows.dense(t, b.read(NAME));
                if (depthwise(xc.shape(), groups)) {
                    INDArray wd = toDepthwise(t, Nd4jWindows.dense(t, w.read(NAME)), groups);
                    INDArray[] inputs = ba == null ? new INDArray[]{xa, wd} : new INDArray[]{xa, wd, ba};
                    Nd4jCalls.exec("depthwise_conv2d", inputs, new INDArray[]{y},
                            nativeArgs(w.shape(), stride, padding, dilation), null, null);
                    return backend.wrap(y, ys, dtype);
                }
                INDArray wa = spread(t, Nd4jWindows.dense(t, w.read(NAME)), dilation);
                if (groups == 1) {
                    conv(xa, wa, ba, y, iArgs);
                } else {
                    long inPer = xa.size(1) / groups;
                    long outPer = wa.size(0) / groups;
                    for (int g = 0; g < groups; g++) {
                        INDArray yg = t.own(Nd4jCalls.alloc(dtype, Shape.of(ys.size(0), outPer, ys.size(2), ys.size(3))));
                        conv(channels(t, xa, g, inPer), rows(t, wa, g, outPer), ba == null ? null : rows(t, ba, g, outPer),
                                yg, iArgs);
                        y.get(NDArrayIndex.all(), NDArrayIndex.interval(g * outPer, (g + 1) * outPer)).assign(yg);
                    }
                }
            }
            return backend.wrap(y, ys, dtype);
        });
    }

    @Override
    public NdArray[] backward(NdArray x, NdArray weight, NdArray gradOutput, int[] stride, int[] padding,
                              int[] dilation, int groups, boolean needInputGrad, boolean needBiasGrad) {
        Nd4jArray xc = backend.arg(NAME, "x", x);
        Nd4jArray w = backend.arg(NAME, "weight", weight);
        Nd4jArray go = backend.arg(NAME, "gradOutput", gradOutput);
        Shape ys = check(xc, w, null, stride, padding, dilation, groups);
        ConvChecks.gradOutput(NAME, go, ys, xc.dtype());
        DType dtype = xc.dtype();
        Shape biasShape = Shape.of(w.shape().size(0));
        int[] iArgs = iArgs(w.shape(), stride, padding, dilation);
        return Nd4jCalls.guard(NAME, () -> {
            ConvGradients grads = new ConvGradients(dtype, xc.shape(), w.shape(), biasShape, needBiasGrad);
            INDArray dx = grads.dx;
            INDArray dw = grads.dw;
            INDArray db = grads.db;
            try (Temps t = new Temps()) {
                if (ys.numel() == 0) {
                    grads.zero();
                } else if (depthwise(xc.shape(), groups)) {
                    depthwiseBackward(t, Nd4jWindows.dense(t, xc.read(NAME)), Nd4jWindows.dense(t, w.read(NAME)),
                            Nd4jWindows.dense(t, go.read(NAME)), dx, dw, db, groups,
                            nativeArgs(w.shape(), stride, padding, dilation));
                } else {
                    INDArray xa = Nd4jWindows.dense(t, xc.read(NAME));
                    INDArray wa = spread(t, Nd4jWindows.dense(t, w.read(NAME)), dilation);
                    INDArray ga = Nd4jWindows.dense(t, go.read(NAME));
                    INDArray dwa = wa.length() == dw.length() ? dw : t.own(Nd4jCalls.alloc(dtype, Shape.of(wa.shape())));
                    if (groups == 1) {
                        convBackward(xa, wa, ga, dx, dwa, db, iArgs);
                    } else {
                        backwardPerGroup(t, xa, wa, ga, dx, dwa, db, groups, iArgs);
                    }
                    if (dwa != dw) {
                        dw.assign(taps(dwa, dilation, w.shape()));
                    }
                }
            }
            return grads.result(backend, needInputGrad);
        });
    }

    /** groups == input channels (> 1): every input channel convolved on its own, libnd4j's depthwise case. */
    private static boolean depthwise(Shape x, int groups) {
        return groups > 1 && groups == x.size(1);
    }

    /** PyTorch's [C*m, 1, kh, kw] as libnd4j's depthwise [m, C, kh, kw] (a dense copy). */
    private static INDArray toDepthwise(Temps t, INDArray w, long channels) {
        long m = w.size(0) / channels;
        return t.own(Nd4jCalls.denseCopy(w.reshape('c', channels, m, w.size(2), w.size(3)).permute(1, 0, 2, 3)));
    }

    private static void depthwiseBackward(Temps t, INDArray x, INDArray w, INDArray g, INDArray dx, INDArray dw,
                                          INDArray db, int channels, int[] iArgs) {
        INDArray wd = toDepthwise(t, w, channels);
        DType dtype = DTypes.neurite(w.dataType());
        INDArray dwd = t.own(Nd4jCalls.alloc(dtype, Shape.of(wd.shape())));
        if (db == null) {
            Nd4jCalls.exec("depthwise_conv2d_bp", new INDArray[]{x, wd, g}, new INDArray[]{dx, dwd}, iArgs, null, null);
        } else {
            // As in conv2d_bp: the bias's values do not enter any gradient; its presence asks for dB.
            INDArray zeroBias = t.own(Nd4jCalls.alloc(dtype, Shape.of(w.size(0))));
            zeroBias.assign(0);
            Nd4jCalls.exec("depthwise_conv2d_bp", new INDArray[]{x, wd, zeroBias, g}, new INDArray[]{dx, dwd, db}, iArgs,
                    null, null);
        }
        INDArray back = t.own(Nd4jCalls.denseCopy(dwd.permute(1, 0, 2, 3)));
        dw.assign(back.reshape('c', dw.shape()));
    }

    /** libnd4j's conv iArgs with the layer's own kernel and dilation (the depthwise op dilates natively). */
    private static int[] nativeArgs(Shape w, int[] s, int[] p, int[] d) {
        return new int[]{(int) w.size(2), (int) w.size(3), s[0], s[1], p[0], p[1], d[0], d[1], 0, 0, 1};
    }

    private static void backwardPerGroup(Temps t, INDArray xa, INDArray wa, INDArray ga, INDArray dx, INDArray dw,
                                         INDArray db, int groups, int[] iArgs) {
        long inPer = xa.size(1) / groups;
        long outPer = wa.size(0) / groups;
        DType dtype = DTypes.neurite(xa.dataType());
        for (int g = 0; g < groups; g++) {
            INDArray xg = channels(t, xa, g, inPer);
            INDArray wg = rows(t, wa, g, outPer);
            INDArray dxg = t.own(Nd4jCalls.alloc(dtype, Shape.of(xg.shape())));
            INDArray dwg = t.own(Nd4jCalls.alloc(dtype, Shape.of(wg.shape())));
            INDArray dbg = db == null ? null : t.own(Nd4jCalls.alloc(dtype, Shape.of(outPer)));
            convBackward(xg, wg, channels(t, ga, g, outPer), dxg, dwg, dbg, iArgs);
            dx.get(NDArrayIndex.all(), NDArrayIndex.interval(g * inPer, (g + 1) * inPer)).assign(dxg);
            dw.get(NDArrayIndex.interval(g * outPer, (g + 1) * outPer)).assign(dwg);
            if (db != null) {
                db.get(NDArrayIndex.interval(g * outPer, (g + 1) * outPer)).assign(dbg);
            }
        }
    }

    private static void conv(INDArray x, INDArray w, INDArray b, INDArray y, int[] iArgs) {
        INDArray[] inputs = b == null ? new INDArray[]{x, w} : new INDArray[]{x, w, b};
        Nd4jCalls.exec("conv2d", inputs, new INDArray[]{y}, iArgs, null, null);
    }

    /** conv2d_bp takes {x, w, [b,] gradO} and writes {dX, dW[, dB]}; without a bias it computes no dB. */
    private static void convBackward(INDArray x, INDArray w, INDArray g, INDArray dx, INDArray dw, INDArray db,
                                     int[] iArgs) {
        if (db == null) {
            Nd4jCalls.exec("conv2d_bp", new INDArray[]{x, w, g}, new INDArray[]{dx, dw}, iArgs, null, null);
        } else {
            // The bias's values do not enter any gradient; only its presence asks for dB.
            INDArray zeroBias = Nd4jCalls.alloc(DTypes.neurite(w.dataType()), Shape.of(w.size(0)));
            try {
                zeroBias.assign(0);
                Nd4jCalls.exec("conv2d_bp", new INDArray[]{x, w, zeroBias, g}, new INDArray[]{dx, dw, db}, iArgs,
                        null, null);
            } finally {
                Nd4jCalls.free(zeroBias);
            }
        }
    }

    /** Channels {@code [g*n, (g+1)*n)} of an NCHW array, as a dense copy. */
    private static INDArray channels(Temps t, INDArray a, int g, long n) {
        return t.own(Nd4jCalls.denseCopy(a.get(NDArrayIndex.all(), NDArrayIndex.interval(g * n, (g + 1) * n))));
    }

    /** Rows {@code [g*n, (g+1)*n)} along the first axis, as a dense copy. */
    private static INDArray rows(Temps t, INDArray a, int g, long n) {
        return t.own(Nd4jCalls.denseCopy(a.get(NDArrayIndex.interval(g * n, (g + 1) * n))));
    }

    /**
     * libnd4j's conv2d iArgs: kH, kW, sH, sW, pH, pW, dH, dW, paddingMode (0: explicit), NCHW (0), wFormat
     * (1: [oC, iC, kH, kW]); the kernel is the spread one and the dilation therefore 1.
     */
    private static int[] iArgs(Shape w, int[] s, int[] p, int[] d) {
        int kh = d[0] * ((int) w.size(2) - 1) + 1;
        int kw = d[1] * ((int) w.size(3) - 1) + 1;
        return new int[]{kh, kw, s[0], s[1], p[0], p[1], 1, 1, 0, 0, 1};
    }

    /** The weight with {@code d-1} zeros between taps, or itself at dilation 1. */
    static INDArray spread(Temps t, INDArray w, int[] d) {
        if (d[0] == 1 && d[1] == 1) {
            return w;
        }
        long[] s = w.shape();
        INDArray out = t.own(Nd4jCalls.alloc(DTypes.neurite(w.dataType()),
                Shape.of(s[0], s[1], d[0] * (s[2] - 1) + 1, d[1] * (s[3] - 1) + 1)));
        out.assign(0);
        taps(out, d, Shape.of(s)).assign(w);
        return out;
    }

    /** The view of a spread kernel at its taps, shaped like the original weight. */
    static INDArray taps(INDArray spread, int[] d, Shape w) {
        return spread.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, d[0], d[0] * (w.size(2) - 1) + 1),
                NDArrayIndex.interval(0, d[1], d[1] * (w.size(3) - 1) + 1));
    }

    private static Shape check(Nd4jArray x, Nd4jArray w, Nd4jArray b, int[] stride, int[] padding, int[] dilation,
                               int groups) {
        Shape xs = x.shape();
        Shape ws = w.shape();
        Nd4jWindows.checkPairs(NAME, stride, padding, dilation);
        if (xs.rank() != 4 || ws.rank() != 4 || groups < 1 || xs.size(1) % groups != 0 || ws.size(0) % groups != 0
                || ws.size(1) * groups != xs.size(1) || ws.size(0) == 0) {
            throw new IllegalArgumentException(NAME + ": expected x [batch, in, h, w] and weight [out, in/groups, kh, kw]"
                    + " with in and out divisible by groups " + groups + ", got x " + xs + " and weight " + ws);
        }
        ConvChecks.biasAndDtypes(NAME, x, w, b, ws.size(0));
        long ho = Nd4jWindows.outputSize(NAME, xs, 2, ws.size(2), stride[0], padding[0], dilation[0]);
        long wo = Nd4jWindows.outputSize(NAME, xs, 3, ws.size(3), stride[1], padding[1], dilation[1]);
        return Shape.of(xs.size(0), ws.size(0), ho, wo);
    }
}
