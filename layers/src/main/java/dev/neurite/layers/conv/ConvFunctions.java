package dev.neurite.layers.conv;

import dev.neurite.api.Tensor;

/**
 * The functional convolution the conv layers run on, for code that holds its weights itself (an imported ONNX
 * graph, say): a backend's fused kernel when present, the primitive im2col path otherwise, differentiable in the
 * input, the weight and the bias either way.
 */
public final class ConvFunctions {
    private ConvFunctions() {
    }

    /**
     * x {@code [B, C, H, W]} convolved with w {@code [out, C/groups, kh, kw]} plus b {@code [out]} (or {@code null}),
     * symmetric zero padding {@code padding = {ph, pw}}; {@code op} names the caller in error messages.
     */
    public static Tensor conv2d(String op, Tensor x, Tensor w, Tensor b, int[] stride, int[] padding, int[] dilation,
                                int groups) {
        Windows.checkInput(op, x, w.size(1) * groups);
        return ConvOps.conv2d(op, x, w, b, stride, padding, dilation, groups);
    }

    /**
     * The transposed convolution of {@link ConvTranspose2d} with weight {@code [C, out, kh, kw]} (one group),
     * padding {@code {top, bottom, left, right}} removed from the full output and {@code outputPadding} added.
     */
    public static Tensor convTranspose2d(String op, Tensor x, Tensor w, Tensor b, int[] stride, int[] padding,
                                         int[] outputPadding, int[] dilation) {
        Windows.checkInput(op, x, w.size(0));
        long kh = w.size(2);
        long kw = w.size(3);
        Tensor up = ConvOps.insertZeros(ConvOps.insertZeros(x, 2, stride[0]), 3, stride[1]);
        long ph = dilation[0] * (kh - 1);
        long pw = dilation[1] * (kw - 1);
        Tensor padded = ConvOps.padOrCrop(up, ph - padding[0], ph - padding[1] + outputPadding[0],
                pw - padding[2], pw - padding[3] + outputPadding[1]);
        Tensor flipped = ConvOps.flip(ConvOps.flip(w, 2), 3).permute(1, 0, 2, 3);
        return ConvOps.conv2d(op, padded, flipped, b, new int[]{1, 1}, new int[]{0, 0}, dilation, 1);
    }

    /** Max or average pooling with symmetric padding at most half the kernel (average counts the padding). */
    public static Tensor pool2d(boolean max, Tensor x, int[] kernel, int[] stride, int[] padding) {
        Pool2d layer = max ? new MaxPool2d(kernel, stride, padding) : new AvgPool2d(kernel, stride, padding);
        return layer.forward(x);
    }
}
