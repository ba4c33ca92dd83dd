package dev.neurite.backend.nd4j;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.kernel.Pool2dKernel;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max and average pooling on libnd4j's {@code maxpool2d}, {@code avgpool2d} and their {@code _bp} ops (oneDNN
 * with this backend's natives). Averages pass libnd4j's divisor mode 1 (divide by kh*kw, padding included), which
 * is PyTorch's default {@code count_include_pad=True}.
 */
final class Nd4jPool2dKernel implements Pool2dKernel {
    private static final String NAME = "Pool2dKernel";
    private final Nd4jBackend backend;

    Nd4jPool2dKernel(Nd4jBackend backend) {
        this.backend = backend;
    }

    @Override
    public NdArray forward(Mode mode, NdArray x, int[] kernel, int[] stride, int[] padding) {
        Nd4jArray xc = backend.arg(NAME, "x", x);
        Shape ys = check(xc, kernel, stride, padding);
        DType dtype = xc.dtype();
        return Nd4jCalls.guard(NAME, () -> {
            INDArray y = Nd4jCalls.alloc(dtype, ys);
            if (ys.numel() > 0) {
                try (Temps t = new Temps()) {
                    Nd4jCalls.exec(op(mode), new INDArray[]{Nd4jWindows.dense(t, xc.read(NAME))}, new INDArray[]{y},
                            iArgs(mode, kernel, stride, padding), null, null);
                }
            }
            return backend.wrap(y, ys, dtype);
        });
    }

    @Override
    public NdArray backward(Mode mode, NdArray x, NdArray gradOutput, int[] kernel, int[] stride, int[] padding) {
        Nd4jArray xc = backend.arg(NAME, "x", x);
        Nd4jArray go = backend.arg(NAME, "gradOutput", gradOutput);
        Shape ys = check(xc, kernel, stride, padding);
        if (!go.shape().equals(ys) || go.dtype() != xc.dtype()) {
            throw new IllegalArgumentException(NAME + ": expected gradOutput " + ys + " " + xc.dtype() + ", got "
                    + go.shape() + " " + go.dtype());
        }
        DType dtype = xc.dtype();
        return Nd4jCalls.guard(NAME, () -> {
            INDArray dx = Nd4jCalls.alloc(dtype, xc.shape());
            if (ys.numel() == 0) {
                dx.assign(0);
            } else {
                try (Temps t = new Temps()) {
                    INDArray[] inputs = {Nd4jWindows.dense(t, xc.read(NAME)), Nd4jWindows.dense(t, go.read(NAME))};
                    Nd4jCalls.exec(op(mode) + "_bp", inputs, new INDArray[]{dx}, iArgs(mode, kernel, stride, padding),
                            null, null);
                }
            }
            return backend.wrap(dx, xc.shape(), dtype);
        });
    }

    private static String op(Mode mode) {
        return mode == Mode.MAX ? "maxpool2d" : "avgpool2d";
    }

    /** kH, kW, sH, sW, pH, pW, dH, dW, sameMode (0), divisor mode (1: kh*kw, padding included), NCHW (0). */
    private static int[] iArgs(Mode mode, int[] k, int[] s, int[] p) {
        return new int[]{k[0], k[1], s[0], s[1], p[0], p[1], 1, 1, 0, mode == Mode.AVERAGE ? 1 : 0, 0};
    }

    private static Shape check(Nd4jArray x, int[] kernel, int[] stride, int[] padding) {
        Shape xs = x.shape();
        Nd4jWindows.checkPairs(NAME, stride, padding, new int[]{1, 1});
        if (xs.rank() != 4 || kernel.length != 2 || kernel[0] < 1 || kernel[1] < 1) {
            throw new IllegalArgumentException(NAME + ": expected x [batch, channels, h, w] and a kernel {kh, kw} >= 1,"
                    + " got x " + xs + " and kernel " + java.util.Arrays.toString(kernel));
        }
        if (2 * padding[0] > kernel[0] || 2 * padding[1] > kernel[1]) {
            throw new IllegalArgumentException(NAME + ": padding " + java.util.Arrays.toString(padding)
                    + " must be at most half the kernel " + java.util.Arrays.toString(kernel));
        }
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(NAME + ": expected a floating-point x, got " + x.dtype());
        }
        long ho = Nd4jWindows.outputSize(NAME, xs, 2, kernel[0], stride[0], padding[0], 1);
        long wo = Nd4jWindows.outputSize(NAME, xs, 3, kernel[1], stride[1], padding[1], 1);
        return Shape.of(xs.size(0), xs.size(1), ho, wo);
    }
}
