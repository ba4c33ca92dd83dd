package dev.neurite.layers.conv;

import dev.neurite.api.backend.kernel.Pool2dKernel;
import dev.neurite.api.nn.Config;

/**
 * Average pooling over NCHW windows, PyTorch's {@code nn.AvgPool2d}. Defaults: padding counts as zeros in the divisor
 * kh*kw ({@code count_include_pad=True}), floor sizes. The variants {@code ceil_mode} and
 * {@code count_include_pad=False} divide as PyTorch does (by the window clipped to the padded input, or to the input).
 */
public final class AvgPool2d extends Pool2d {
    public static final String TYPE = "avg_pool2d";

    /** A square kernel with stride = kernel and no padding. */
    public AvgPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    public AvgPool2d(int kernel, int stride, int padding) {
        this(Windows.pair(kernel), Windows.pair(stride), Windows.pair(padding));
    }

    public AvgPool2d(int[] kernel, int[] stride, int[] padding) {
        this(kernel, stride, padding, false, true);
    }

    public AvgPool2d(int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        super(Pool2dKernel.Mode.AVERAGE, kernel, stride, padding, ceilMode, countIncludePad);
    }

    public AvgPool2d(Config config) {
        super(Pool2dKernel.Mode.AVERAGE, config);
    }

    @Override
    public String typeId() {
        return TYPE;
    }
}
