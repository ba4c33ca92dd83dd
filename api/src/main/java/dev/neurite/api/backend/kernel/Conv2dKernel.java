package dev.neurite.api.backend.kernel;

import dev.neurite.api.backend.NdArray;

/**
 * Fused 2-D convolution (cross-correlation, as PyTorch's {@code conv2d}) in NCHW layout.
 *
 * <p>Shapes: x {@code [batch, in, h, w]}, weight {@code [out, in/groups, kh, kw]} (PyTorch layout), bias
 * {@code [out]} or null, result {@code [batch, out, ho, wo]}. Geometry arrays have two entries, {height, width};
 * padding is symmetric (the same amount top and bottom, left and right). Per axis the output size is
 * {@code floor((n + 2p - d(k-1) - 1) / s) + 1} ({@link #outputSize}). x, weight and bias share one floating-point
 * dtype. Callers validate geometry first; implementations still reject what they cannot run.
 */
public interface Conv2dKernel {
    NdArray forward(NdArray x, NdArray weight, NdArray bias, int[] stride, int[] padding, int[] dilation, int groups);

    /**
     * Gradients of the forward pass for {@code gradOutput} {@code [batch, out, ho, wo]}: returns
     * {@code {dX or null (when !needInputGrad), dWeight, dBias or null (when !needBiasGrad)}}.
     */
    NdArray[] backward(NdArray x, NdArray weight, NdArray gradOutput, int[] stride, int[] padding, int[] dilation,
                       int groups, boolean needInputGrad, boolean needBiasGrad);

    /** {@code floor((n + 2 padding - dilation (kernel - 1) - 1) / stride) + 1}; below 1 means the window does not fit. */
    static long outputSize(long n, long kernel, long stride, long padding, long dilation) {
        return Math.floorDiv(n + 2 * padding - dilation * (kernel - 1) - 1, stride) + 1;
    }
}
