package dev.neurite.backend.nd4j;

import dev.neurite.api.Shape;
import dev.neurite.api.backend.kernel.Conv2dKernel;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Argument checks and operand preparation shared by the convolution and pooling kernels. */
final class Nd4jWindows {
    private Nd4jWindows() {
    }

    /** {@code a} itself when it is a dense c-ordered block from offset 0 (what the native ops expect), else a copy. */
    static INDArray dense(Temps t, INDArray a) {
        return a.ordering() == 'c' && a.offset() == 0 && Nd4jCalls.denseC(a) ? a : t.own(Nd4jCalls.denseCopy(a));
    }

    /** Stride and dilation >= 1 and padding >= 0, two entries each. */
    static void checkPairs(String op, int[] stride, int[] padding, int[] dilation) {
        if (stride.length != 2 || padding.length != 2 || dilation.length != 2
                || stride[0] < 1 || stride[1] < 1 || padding[0] < 0 || padding[1] < 0 || dilation[0] < 1 || dilation[1] < 1) {
            throw new IllegalArgumentException(op + ": expected {height, width} pairs with stride >= 1, padding >= 0 and"
                    + " dilation >= 1, got stride " + java.util.Arrays.toString(stride) + ", padding "
                    + java.util.Arrays.toString(padding) + ", dilation " + java.util.Arrays.toString(dilation));
        }
    }

    /** The output size along {@code axis} of x; fails when the (dilated) window does not fit the padded input. */
    static long outputSize(String op, Shape x, int axis, long kernel, int stride, int padding, int dilation) {
        long n = Conv2dKernel.outputSize(x.size(axis), kernel, stride, padding, dilation);
        if (kernel < 1 || n < 1) {
            throw new IllegalArgumentException(op + ": a window of " + kernel + " (dilation " + dilation + ") does not fit"
                    + " input size " + x.size(axis) + " with padding " + padding + " along axis " + axis + " of " + x);
        }
        return n;
    }
}
