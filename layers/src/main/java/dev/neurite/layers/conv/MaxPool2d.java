package dev.neurite.layers.conv;

import dev.neurite.api.backend.kernel.Pool2dKernel;
import dev.neurite.api.nn.Config;

/**
 * Max pooling over NCHW windows, PyTorch's {@code nn.MaxPool2d} (no dilation; floor sizes, or {@code ceil_mode});
 * padding never wins a window.
 */
public final class MaxPool2d extends Pool2d {
    public static final String TYPE = "max_pool2d";

    /** A square kernel with stride = kernel and no padding. */
    public MaxPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    public MaxPool2d(int kernel, int stride, int padding) {
        this(Windows.pair(kernel), Windows.pair(stride), Windows.pair(padding));
    }

    public MaxPool2d(int[] kernel, int[] stride, int[] padding) {
        this(kernel, stride, padding, false);
    }

    /** With PyTorch's {@code ceil_mode}: a last, partial window at the bottom and right instead of dropping it. */
    public MaxPool2d(int[] kernel, int[] stride, int[] padding, boolean ceilMode) {
        super(Pool2dKernel.Mode.MAX, kernel, stride, padding, ceilMode, true);
    }

    public MaxPool2d(Config config) {
        super(Pool2dKernel.Mode.MAX, config);
    }

    @Override
    public String typeId() {
        return TYPE;
    }
}
