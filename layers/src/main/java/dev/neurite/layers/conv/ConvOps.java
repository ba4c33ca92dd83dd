package dev.neurite.layers.conv;

import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Kernels;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.kernel.Conv2dKernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Functional 2-D convolution behind {@link Conv2d}, {@link Conv1d} and {@link ConvTranspose2d}: a backend's fused
 * {@link Conv2dKernel} when present, otherwise the primitive im2col path from {@link Windows}. Weight and bias may
 * themselves be results of other ops (a reshaped or flipped parameter); gradients reach the underlying parameters
 * through autograd.
 */
final class ConvOps {
    private ConvOps() {
    }

    /** x [B, C, H, W] convolved with w [out, C/groups, kh, kw] plus b [out] (or {@code null}). */
    static Tensor conv2d(String layer, Tensor x, Tensor w, Tensor b, int[] stride, int[] padding, int[] dilation,
                         int groups) {
        int[] kernel = {Math.toIntExact(w.size(2)), Math.toIntExact(w.size(3))};
        long[] size = Windows.outputSize(layer, x.shape(), kernel, stride, padding, dilation);
        Optional<Conv2dKernel> fused = Kernels.find(x.backend(), Conv2dKernel.class);
        if (fused.isPresent()) {
            return fused(layer, fused.get(), x, w, b, stride, padding, dilation, groups);
        }
        Tensor padded = Windows.pad(x, padding, 0);
        if (groups == 1) {
            return convolve(padded, w, b, kernel, stride, dilation, size[0], size[1]);
        }
        long inPer = x.size(1) / groups;
        long outPer = w.size(0) / groups;
        List<Tensor> parts = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) {
            parts.add(convolve(padded.slice(1, g * inPer, (g + 1) * inPer), w.slice(0, g * outPer, (g + 1) * outPer),
                    b == null ? null : b.slice(0, g * outPer, (g + 1) * outPer), kernel, stride, dilation, size[0], size[1]));
        }
        return Tensor.concat(parts, 1);
    }

    private static Tensor fused(String layer, Conv2dKernel k, Tensor x, Tensor w, Tensor b, int[] stride, int[] padding,
                                int[] dilation, int groups) {
        NdArray y = k.forward(x.data(), w.data(), b == null ? null : b.data(), stride, padding, dilation, groups);
        Tensor[] inputs = b != null ? new Tensor[]{x, w, b} : new Tensor[]{x, w};
        return Tensor.fromOp(layer, y, g -> {
            boolean biasGrad = b != null && b.requiresGrad();
            return gradients(k.backward(x.data(), w.data(), g.data(), stride, padding, dilation, groups, x.requiresGrad(),
                    biasGrad), inputs);
        }, inputs);
    }

    /**
     * A fused kernel's {@code {dX (or null), dW, dB (or null)}} as the gradients of {@code inputs} ({@code x, w} and
     * maybe {@code b}); dW is closed when the weight needs none, since kernels always compute it.
     */
    static Tensor[] gradients(NdArray[] d, Tensor[] inputs) {
        Tensor[] grads = new Tensor[inputs.length];
        grads[0] = d[0] == null ? null : Tensor.wrap(d[0]);
        if (inputs[1].requiresGrad()) {
            grads[1] = Tensor.wrap(d[1]);
        } else {
            d[1].close();
        }
        if (inputs.length > 2 && d[2] != null) {
            grads[2] = Tensor.wrap(d[2]);
        }
        return grads;
    }

    private static Tensor convolve(Tensor padded, Tensor w, Tensor b, int[] kernel, int[] stride, int[] dilation,
                                   long ho, long wo) {
        long batch = padded.size(0);
        long patch = w.size(1) * kernel[0] * kernel[1];
        Tensor cols = Windows.windows(padded, kernel, stride, dilation, ho, wo)
                .permute(0, 3, 4, 1, 2).reshape(batch, ho * wo, patch);
        Tensor y = cols.matmul(w.reshape(w.size(0), patch), false, true);
        if (b != null) {
            y = y.add(b);
        }
        return y.reshape(batch, ho, wo, w.size(0)).permute(0, 3, 1, 2);
    }

    /** x with {@code rows} added (positive) or removed (negative) at the top/bottom and likewise columns left/right. */
    static Tensor padOrCrop(Tensor x, long top, long bottom, long left, long right) {
        long h = x.size(2);
        long w = x.size(3);
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            x = x.slice(2, Math.max(0, -top), h - Math.max(0, -bottom)).slice(3, Math.max(0, -left), w - Math.max(0, -right));
        }
        long[][] pad = {{0, 0}, {0, 0}, {Math.max(0, top), Math.max(0, bottom)}, {Math.max(0, left), Math.max(0, right)}};
        if (pad[2][0] == 0 && pad[2][1] == 0 && pad[3][0] == 0 && pad[3][1] == 0) {
            return x;
        }
        return x.pad(pad, 0);
    }

    /** x [B, C, H, W] with {@code s - 1} zeros inserted between neighbouring elements along {@code axis} (2 or 3). */
    static Tensor insertZeros(Tensor x, int axis, int s) {
        if (s == 1) {
            return x;
        }
        long n = x.size(axis);
        Tensor z = Tensor.zeros(x.shape(), x.dtype());
        List<Tensor> parts = new ArrayList<>(s);
        parts.add(x);
        for (int i = 1; i < s; i++) {
            parts.add(z);
        }
        long[] shape = x.shape().toArray();
        shape[axis] = n * s;
        return Tensor.stack(parts, axis + 1).reshape(shape).slice(axis, 0, (n - 1) * s + 1);
    }

    /** x reversed along {@code axis}. */
    static Tensor flip(Tensor x, int axis) {
        long n = x.size(axis);
        if (n == 1) {
            return x;
        }
        long[] idx = new long[Math.toIntExact(n)];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = n - 1 - i;
        }
        return x.gather(axis, Tensor.ofLongs(idx, n));
    }
}
