package dev.neurite.api.backend.kernel;

import dev.neurite.api.backend.NdArray;

/**
 * Fused 2-D max and average pooling in NCHW layout, with PyTorch's defaults: floor output sizes
 * ({@code ceil_mode=False}), no dilation, and for averages padding counted in the divisor
 * ({@code count_include_pad=True}, so every window divides by {@code kh * kw}). Max pooling never picks padding.
 *
 * <p>Shapes: x {@code [batch, channels, h, w]}, result {@code [batch, channels, ho, wo]} with per axis
 * {@code ho = floor((h + 2p - k) / s) + 1} ({@link Conv2dKernel#outputSize} with dilation 1). Geometry arrays
 * are {height, width}; padding is symmetric and at most half the kernel, as in PyTorch.
 */
public interface Pool2dKernel {
    enum Mode { MAX, AVERAGE }

    NdArray forward(Mode mode, NdArray x, int[] kernel, int[] stride, int[] padding);

    /**
     * dX for {@code gradOutput} {@code [batch, channels, ho, wo]}. For max pooling the gradient of a window goes to
     * one maximal element (implementations may differ from the primitive path only where a window has ties).
     */
    NdArray backward(Mode mode, NdArray x, NdArray gradOutput, int[] kernel, int[] stride, int[] padding);
}
