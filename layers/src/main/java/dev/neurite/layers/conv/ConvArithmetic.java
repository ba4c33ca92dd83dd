package dev.neurite.layers.conv;

import java.util.Locale;

/**
 * Output-size arithmetic of sliding windows, for planning an architecture before building it. The layers compute
 * {@link #outputSize} (PyTorch's floor rule, which silently ignores input rows a last window would overhang);
 * {@link #exactOutputSize} is the textbook rule that only accepts hyperparameters whose windows tile the padded input
 * exactly, and says so otherwise.
 */
public final class ConvArithmetic {
    private ConvArithmetic() {
    }

    /**
     * {@code floor((n + paddingTotal - kernel) / stride) + 1}, what {@link Conv2d} and the pooling layers compute per
     * axis (dilation 1); {@code paddingTotal} is both sides together.
     */
    public static long outputSize(long n, int kernel, int stride, int paddingTotal) {
        check(n, kernel, stride, paddingTotal);
        return Math.floorDiv(n + paddingTotal - kernel, stride) + 1;
    }

    /**
     * {@code (n + paddingTotal - kernel) / stride + 1} when that is a whole number; otherwise an
     * {@link IllegalArgumentException} naming the numbers, e.g. N = 7, F = 3 at stride 3 gives 2.33.
     */
    public static long exactOutputSize(long n, int kernel, int stride, int paddingTotal) {
        check(n, kernel, stride, paddingTotal);
        long span = n + paddingTotal - kernel;
        if (span % stride != 0) {
            long floor = Math.floorDiv(span, stride) + 1;
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "conv arithmetic: input %d, kernel %d, stride %d, padding %d: (%d - %d + %d) / %d + 1 = %.2f is not a "
                            + "whole number, so these hyperparameters are illegal: the windows do not tile the input (the "
                            + "layers floor it to %d and ignore the last %d row(s) or column(s))",
                    n, kernel, stride, paddingTotal, n, kernel, paddingTotal, stride, (double) span / stride + 1, floor,
                    span - (floor - 1) * stride));
        }
        return span / stride + 1;
    }

    private static void check(long n, int kernel, int stride, int paddingTotal) {
        if (n < 1 || kernel < 1 || stride < 1 || paddingTotal < 0 || n + paddingTotal < kernel) {
            throw new IllegalArgumentException("conv arithmetic: need input >= 1, kernel >= 1, stride >= 1, padding >= 0 "
                    + "and a kernel no larger than the padded input, got input " + n + ", kernel " + kernel + ", stride "
                    + stride + ", padding " + paddingTotal);
        }
    }
}
