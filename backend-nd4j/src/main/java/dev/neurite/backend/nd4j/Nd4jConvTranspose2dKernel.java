package dev.neurite.backend.nd4j;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.kernel.ConvTranspose2dKernel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;

/**
 * Transposed convolution on libnd4j's {@code deconv2d} / {@code deconv2d_bp} custom ops (oneDNN with this backend's
 * natives). The weight stays in PyTorch's {@code [in, out, kh, kw]} layout (libnd4j's wFormat 1).
 *
 * <p>libnd4j's oneDNN path refuses dilated transposed convolutions too, so, as in {@link Nd4jConv2dKernel}, a dilated
 * kernel is spread out with zeros. libnd4j has no output padding: then (and when the padding is not smaller than the
 * kernel) the op computes the full, unpadded output, and this class crops it to the requested window, filling rows
 * and columns the full output does not reach with the bias alone; the backward pass places the gradient back into
 * that full frame.
 */
final class Nd4jConvTranspose2dKernel implements ConvTranspose2dKernel {
    private static final String NAME = "ConvTranspose2dKernel";
    private final Nd4jBackend backend;

    Nd4jConvTranspose2dKernel(Nd4jBackend backend) {
        this.backend = backend;
    }

    @Override
    public NdArray forward(NdArray x, NdArray weight, NdArray bias, int[] stride, int[] padding, int[] outputPadding,
                           int[] dilation) {
        Nd4jArray xc = backend.arg(NAME, "x", x);
        Nd4jArray w = backend.arg(NAME, "weight", weight);
        Nd4jArray b = bias == null ? null : backend.arg(NAME, "bias", bias);
        Shape ys = check(xc, w, b, stride, padding, outputPadding, dilation);
        DType dtype = xc.dtype();
        return Nd4jCalls.guard(NAME, () -> {
            INDArray y = Nd4jCalls.alloc(dtype, ys);
            if (ys.numel() == 0) {
                return backend.wrap(y, ys, dtype);
            }
            try (Temps t = new Temps()) {
                INDArray xa = Nd4jWindows.dense(t, xc.read(NAME));
                INDArray wa = Nd4jConv2dKernel.spread(t, Nd4jWindows.dense(t, w.read(NAME)), dilation);
                INDArray ba = b == null ? null : Nd4jWindows.dense(t, b.read(NAME));
                if (direct(wa, padding, outputPadding)) {
                    deconv(xa, wa, ba, y, iArgs(wa, stride, padding));
                } else {
                    INDArray full = t.own(Nd4jCalls.alloc(dtype, fullShape(xa, wa, stride)));
                    deconv(xa, wa, ba, full, iArgs(wa, stride, new int[]{0, 0}));
                    if (ba == null) {
                        y.assign(0);
                    } else {
                        // libnd4j's assign broadcasts its second input into the first's shape.
                        Nd4jCalls.exec("assign", y, y, ba.reshape(1, ba.length(), 1, 1));
                    }
                    INDArrayIndex[][] overlap = overlap(ys, Shape.of(full.shape()), padding);
                    if (overlap != null) {
                        y.get(overlap[0]).assign(full.get(overlap[1]));
                    }
                }
            }
            return backend.wrap(y, ys, dtype);
        });
    }

    @Override
    public NdArray[] backward(NdArray x, NdArray weight, NdArray gradOutput, int[] stride, int[] padding,
                              int[] outputPadding, int[] dilation, boolean needInputGrad, boolean needBiasGrad) {
        Nd4jArray xc = backend.arg(NAME, "x", x);
        Nd4jArray w = backend.arg(NAME, "weight", weight);
        Nd4jArray go = backend.arg(NAME, "gradOutput", gradOutput);
        Shape ys = check(xc, w, null, stride, padding, outputPadding, dilation);
        ConvChecks.gradOutput(NAME, go, ys, xc.dtype());
        DType dtype = xc.dtype();
        Shape biasShape = Shape.of(w.shape().size(1));
        return Nd4jCalls.guard(NAME, () -> {
            ConvGradients grads = new ConvGradients(dtype, xc.shape(), w.shape(), biasShape, needBiasGrad);
            INDArray dx = grads.dx;
            INDArray dw = grads.dw;
            INDArray db = grads.db;
            try (Temps t = new Temps()) {
                if (ys.numel() == 0) {
                    grads.zero();
                } else {
                    INDArray xa = Nd4jWindows.dense(t, xc.read(NAME));
                    INDArray wa = Nd4jConv2dKernel.spread(t, Nd4jWindows.dense(t, w.read(NAME)), dilation);
                    INDArray ga = Nd4jWindows.dense(t, go.read(NAME));
                    INDArray dwa = wa.length() == dw.length() ? dw : t.own(Nd4jCalls.alloc(dtype, Shape.of(wa.shape())));
                    if (direct(wa, padding, outputPadding)) {
                        Nd4jCalls.exec("deconv2d_bp", new INDArray[]{xa, wa, ga}, new INDArray[]{dx, dwa},
                                iArgs(wa, stride, padding), null, null);
                    } else {
                        Shape fs = fullShape(xa, wa, stride);
                        INDArray gFull = t.own(Nd4jCalls.alloc(dtype, fs));
                        gFull.assign(0);
                        INDArrayIndex[][] overlap = overlap(ys, fs, padding);
                        if (overlap != null) {
                            gFull.get(overlap[1]).assign(ga.get(overlap[0]));
                        }
                        Nd4jCalls.exec("deconv2d_bp", new INDArray[]{xa, wa, gFull}, new INDArray[]{dx, dwa},
                                iArgs(wa, stride, new int[]{0, 0}), null, null);
                    }
                    if (dwa != dw) {
                        dw.assign(Nd4jConv2dKernel.taps(dwa, dilation, w.shape()));
                    }
                    if (db != null) {
                        db.assign(t.own(ga.sum(0, 2, 3)));
                    }
                }
            }
            return grads.result(backend, needInputGrad);
        });
    }

    private static void deconv(INDArray x, INDArray w, INDArray b, INDArray y, int[] iArgs) {
        INDArray[] inputs = b == null ? new INDArray[]{x, w} : new INDArray[]{x, w, b};
        Nd4jCalls.exec("deconv2d", inputs, new INDArray[]{y}, iArgs, null, null);
    }

    /** Whether libnd4j's own padding gives the output: no output padding, and padding within the (spread) kernel. */
    private static boolean direct(INDArray w, int[] padding, int[] outputPadding) {
        return outputPadding[0] == 0 && outputPadding[1] == 0 && padding[0] < w.size(2) && padding[1] < w.size(3);
    }

    /** The unpadded output: {@code (n - 1) s + k} per axis, k the spread kernel. */
    private static Shape fullShape(INDArray x, INDArray w, int[] stride) {
        return Shape.of(x.size(0), w.size(1), (x.size(2) - 1) * stride[0] + w.size(2),
                (x.size(3) - 1) * stride[1] + w.size(3));
    }

    /**
     * {@code {window of the output, window of the full output}} that hold the same positions (output row r is full
     * row r + p), or null when they share none.
     */
    private static INDArrayIndex[][] overlap(Shape out, Shape full, int[] padding) {
        long rows = Math.min(out.size(2), full.size(2) - padding[0]);
        long cols = Math.min(out.size(3), full.size(3) - padding[1]);
        if (rows <= 0 || cols <= 0) {
            return null;
        }
        return new INDArrayIndex[][]{
                {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, rows), NDArrayIndex.interval(0, cols)},
                {NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(padding[0], padding[0] + rows),
                        NDArrayIndex.interval(padding[1], padding[1] + cols)}};
    }

    /** libnd4j's deconv2d iArgs: kH, kW, sH, sW, pH, pW, dH, dW (1: the kernel is spread), same (0), NCHW (0), wFormat 1. */
    private static int[] iArgs(INDArray w, int[] s, int[] p) {
        return new int[]{(int) w.size(2), (int) w.size(3), s[0], s[1], p[0], p[1], 1, 1, 0, 0, 1};
    }

    private static Shape check(Nd4jArray x, Nd4jArray w, Nd4jArray b, int[] stride, int[] padding, int[] outputPadding,
                               int[] dilation) {
        Shape xs = x.shape();
        Shape ws = w.shape();
        Nd4jWindows.checkPairs(NAME, stride, padding, dilation);
        if (outputPadding.length != 2) {
            throw new IllegalArgumentException(NAME + ": expected an output padding {height, width}, got "
                    + Arrays.toString(outputPadding));
        }
        for (int i = 0; i < 2; i++) {
            if (outputPadding[i] < 0 || outputPadding[i] >= Math.max(stride[i], dilation[i])) {
                throw new IllegalArgumentException(NAME + ": output padding " + Arrays.toString(outputPadding)
                        + " must be >= 0 and smaller than the stride " + Arrays.toString(stride) + " or the dilation "
                        + Arrays.toString(dilation));
            }
        }
        if (xs.rank() != 4 || ws.rank() != 4 || ws.size(0) != xs.size(1) || ws.size(1) == 0) {
            throw new IllegalArgumentException(NAME + ": expected x [batch, in, h, w] and weight [in, out, kh, kw], got x "
                    + xs + " and weight " + ws);
        }
        ConvChecks.biasAndDtypes(NAME, x, w, b, ws.size(1));
        long ho = ConvTranspose2dKernel.outputSize(xs.size(2), ws.size(2), stride[0], padding[0], outputPadding[0], dilation[0]);
        long wo = ConvTranspose2dKernel.outputSize(xs.size(3), ws.size(3), stride[1], padding[1], outputPadding[1], dilation[1]);
        if (ho < 1 || wo < 1) {
            throw new IllegalArgumentException(NAME + ": input " + xs.size(2) + "x" + xs.size(3) + " with kernel "
                    + ws.size(2) + "x" + ws.size(3) + ", stride " + Arrays.toString(stride) + ", padding "
                    + Arrays.toString(padding) + " gives an empty output " + ho + "x" + wo);
        }
        return Shape.of(xs.size(0), ws.size(1), ho, wo);
    }
}
