package dev.neurite.api.backend.kernel;

import dev.neurite.api.backend.NdArray;

/**
 * Fused transposed 2-D convolution (PyTorch's {@code conv_transpose2d}, the gradient of {@link Conv2dKernel}'s
 * convolution with respect to its input) in NCHW layout, without groups.
 *
 * <p>Shapes: x {@code [batch, in, h, w]}, weight {@code [in, out, kh, kw]} (PyTorch layout), bias {@code [out]} or
 * null, result {@code [batch, out, ho, wo]} with per axis {@code ho = (h - 1) s - 2p + d(k - 1) + op + 1}
 * ({@link #outputSize}); padding is symmetric and the output padding {@code op} is added at the bottom and right,
 * smaller than the stride or the dilation. Input position {@code i} and tap {@code k} write output position
 * {@code i*s - p + k*d}. x, weight and bias share one floating-point dtype.
 */
public interface ConvTranspose2dKernel {
    NdArray forward(NdArray x, NdArray weight, NdArray bias, int[] stride, int[] padding, int[] outputPadding,
                    int[] dilation);

    /**
     * Gradients for {@code gradOutput} {@code [batch, out, ho, wo]}: {@code {dX or null (when !needInputGrad),
     * dWeight, dBias or null (when !needBiasGrad)}}.
     */
    NdArray[] backward(NdArray x, NdArray weight, NdArray gradOutput, int[] stride, int[] padding, int[] outputPadding,
                       int[] dilation, boolean needInputGrad, boolean needBiasGrad);

    /** {@code (n - 1) stride - 2 padding + dilation (kernel - 1) + outputPadding + 1}; below 1 means empty. */
    static long outputSize(long n, long kernel, long stride, long padding, long outputPadding, long dilation) {
        return (n - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1;
    }
}
