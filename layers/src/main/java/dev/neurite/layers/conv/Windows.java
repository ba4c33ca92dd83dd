package dev.neurite.layers.conv;

import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.kernel.Conv2dKernel;
import dev.neurite.api.nn.Config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sliding-window geometry shared by the convolution and pooling layers, and the primitive path's window extraction:
 * every kernel offset (ky, kx) picks a strided slice of the padded input, so stacking those slices lists, for every
 * output position, the input values its window covers. Convolution multiplies that stack by the weight (im2col);
 * pooling reduces it. Built from Tensor ops only, autograd differentiates it on any backend.
 */
final class Windows {
    private Windows() {
    }

    static int[] pair(int v) {
        return new int[]{v, v};
    }

    /** Validates a {height, width} pair: two entries, each at least {@code min}. */
    static int[] check(String layer, String what, int[] v, int min) {
        if (v.length != 2 || v[0] < min || v[1] < min) {
            throw new IllegalArgumentException(layer + ": " + what + " must be {height, width} with both >= " + min
                    + ", got " + Arrays.toString(v));
        }
        return v.clone();
    }

    static int[] pairFrom(Config config, String key, int[] fallback) {
        return config.has(key) ? config.getIntArray(key) : fallback;
    }

    /**
     * {ho, wo} for an NCHW input, with an error naming the layer and the numbers when the dilated kernel does not
     * fit the padded input.
     */
    static long[] outputSize(String layer, Shape x, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        long h = x.size(2);
        long w = x.size(3);
        long ho = Conv2dKernel.outputSize(h, kernel[0], stride[0], padding[0], dilation[0]);
        long wo = Conv2dKernel.outputSize(w, kernel[1], stride[1], padding[1], dilation[1]);
        if (ho < 1 || wo < 1) {
            long kh = (long) dilation[0] * (kernel[0] - 1) + 1;
            long kw = (long) dilation[1] * (kernel[1] - 1) + 1;
            String pad = padding[0] == padding[1] ? String.valueOf(padding[0]) : padding[0] + "x" + padding[1];
            throw new IllegalArgumentException(layer + ": input " + h + "x" + w + " is smaller than the dilated kernel "
                    + kh + "x" + kw + " with padding " + pad);
        }
        return new long[]{ho, wo};
    }

    /** Rejects anything but a float [batch, channels, h, w] input of the expected channel count (-1: any). */
    static void checkInput(String layer, Tensor x, long channels) {
        if (x.rank() != 4 || (channels >= 0 && x.size(1) != channels)) {
            throw new IllegalArgumentException(layer + ": expected input [batch, " + (channels >= 0 ? channels : "channels")
                    + ", height, width], got shape " + x.shape());
        }
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(layer + ": expected a floating-point input, got " + x.dtype());
        }
    }

    /** x padded by {@code padding} rows top and bottom and columns left and right with {@code value}. */
    static Tensor pad(Tensor x, int[] padding, double value) {
        if (padding[0] == 0 && padding[1] == 0) {
            return x;
        }
        return x.pad(new long[][]{{0, 0}, {0, 0}, {padding[0], padding[0]}, {padding[1], padding[1]}}, value);
    }

    /**
     * The windows of an already padded input [B, C, H, W]: [B, C, kh*kw, ho, wo], offsets in row-major (ky, kx)
     * order, which is the order of a weight [out, in, kh, kw] flattened over its last three axes.
     */
    static Tensor windows(Tensor padded, int[] kernel, int[] stride, int[] dilation, long ho, long wo) {
        List<Tensor> slices = new ArrayList<>(kernel[0] * kernel[1]);
        for (int ky = 0; ky < kernel[0]; ky++) {
            long top = (long) ky * dilation[0];
            Tensor rows = padded.slice(2, top, top + (ho - 1) * stride[0] + 1, stride[0]);
            for (int kx = 0; kx < kernel[1]; kx++) {
                long left = (long) kx * dilation[1];
                slices.add(rows.slice(3, left, left + (wo - 1) * stride[1] + 1, stride[1]));
            }
        }
        return Tensor.stack(slices, 2);
    }
}
