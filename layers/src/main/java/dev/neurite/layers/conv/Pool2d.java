package dev.neurite.layers.conv;

import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Kernels;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.kernel.Pool2dKernel;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;

import java.util.Arrays;
import java.util.Optional;

/**
 * What max and average pooling share: geometry, config, and the choice between a backend's fused
 * {@link Pool2dKernel} and the primitive path (reduce the stacked windows of the padded input).
 * Defaults follow PyTorch: stride = kernel, padding 0 (at most half the kernel), floor output sizes.
 *
 * <p>PyTorch's variants: {@code ceil_mode} (output {@code ceil((n + 2p - k) / s) + 1}, less one when the last window
 * would start in the right padding) and, for averages, {@code count_include_pad=False} (divide by the real elements
 * of each window). The kernel only knows the defaults, so a variant pads the input itself (with -inf for max, 0 for
 * average, the ceil-mode overhang at the bottom and right), pools that without padding, and for averages rescales
 * every window by {@code kh*kw / divisor} with PyTorch's divisor.
 */
abstract class Pool2d extends AbstractLayer {
    private final Pool2dKernel.Mode mode;
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final boolean ceilMode;
    private final boolean countIncludePad;

    Pool2d(Pool2dKernel.Mode mode, int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) {
        this.mode = mode;
        this.kernel = Windows.check(typeId(), "kernel", kernel, 1);
        this.stride = Windows.check(typeId(), "stride", stride, 1);
        this.padding = Windows.check(typeId(), "padding", padding, 0);
        if (2 * padding[0] > kernel[0] || 2 * padding[1] > kernel[1]) {
            throw new IllegalArgumentException(typeId() + ": padding " + Arrays.toString(padding)
                    + " must be at most half the kernel " + Arrays.toString(kernel));
        }
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
    }

    Pool2d(Pool2dKernel.Mode mode, Config config) {
        this(mode, config.getIntArray("kernel"), Windows.pairFrom(config, "stride", config.getIntArray("kernel")),
                Windows.pairFrom(config, "padding", new int[]{0, 0}), config.getBoolean("ceil_mode", false),
                config.getBoolean("count_include_pad", true));
    }

    @Override
    public Tensor forward(Tensor x) {
        Windows.checkInput(typeId(), x, -1);
        long[] size = ceilMode ? ceilSize(x) : Windows.outputSize(typeId(), x.shape(), kernel, stride, padding, new int[]{1, 1});
        if (!ceilMode && (mode == Pool2dKernel.Mode.MAX || countIncludePad)) {
            return pool(x, padding, size);
        }
        long extraH = Math.max(0, (size[0] - 1) * stride[0] + kernel[0] - (x.size(2) + 2L * padding[0]));
        long extraW = Math.max(0, (size[1] - 1) * stride[1] + kernel[1] - (x.size(3) + 2L * padding[1]));
        double fill = mode == Pool2dKernel.Mode.MAX ? Double.NEGATIVE_INFINITY : 0;
        Tensor padded = x.pad(new long[][]{{0, 0}, {0, 0}, {padding[0], padding[0] + extraH},
                {padding[1], padding[1] + extraW}}, fill);
        Tensor y = pool(padded, new int[]{0, 0}, size);
        return mode == Pool2dKernel.Mode.MAX ? y : y.mul(rescale(x.size(2), x.size(3), size, x));
    }

    /** Pools {@code x} with the kernel's defaults (symmetric {@code pad}, floor size, divisor kh*kw). */
    private Tensor pool(Tensor x, int[] pad, long[] size) {
        Optional<Pool2dKernel> fused = Kernels.find(x.backend(), Pool2dKernel.class);
        if (fused.isPresent()) {
            Pool2dKernel k = fused.get();
            NdArray y = k.forward(mode, x.data(), kernel, stride, pad);
            return Tensor.fromOp(typeId(), y,
                    g -> new Tensor[]{Tensor.wrap(k.backward(mode, x.data(), g.data(), kernel, stride, pad))}, x);
        }
        // Max pads with -inf so padding never wins; average pads with 0 and divides by kh*kw (count_include_pad).
        double fill = mode == Pool2dKernel.Mode.MAX ? Double.NEGATIVE_INFINITY : 0;
        Tensor windows = Windows.windows(Windows.pad(x, pad, fill), kernel, stride, new int[]{1, 1}, size[0], size[1]);
        return mode == Pool2dKernel.Mode.MAX ? windows.max(2, false) : windows.mean(2, false);
    }

    /** PyTorch's ceil-mode size: the last window must start inside the input or its left/top padding. */
    private long[] ceilSize(Tensor x) {
        long[] size = new long[2];
        for (int axis = 0; axis < 2; axis++) {
            long n = x.size(2 + axis);
            long out = Math.floorDiv(n + 2L * padding[axis] - kernel[axis] + stride[axis] - 1, stride[axis]) + 1;
            if (out > 0 && (out - 1) * stride[axis] >= n + padding[axis]) {
                out--;
            }
            if (out < 1) {
                throw new IllegalArgumentException(typeId() + ": input " + x.size(2) + "x" + x.size(3)
                        + " is smaller than the kernel " + kernel[0] + "x" + kernel[1] + " with padding "
                        + Arrays.toString(padding) + ", even in ceil mode");
            }
            size[axis] = out;
        }
        return size;
    }

    /**
     * {@code kh*kw / divisor} per output position [1, 1, ho, wo], where the divisor is PyTorch's: the window clipped
     * to the padded input ({@code count_include_pad}) or to the input itself.
     */
    private Tensor rescale(long h, long w, long[] size, Tensor like) {
        double[] factor = new double[Math.toIntExact(size[0] * size[1])];
        for (int oy = 0; oy < size[0]; oy++) {
            for (int ox = 0; ox < size[1]; ox++) {
                long[] ry = window(oy, 0, h);
                long[] rx = window(ox, 1, w);
                double divisor = countIncludePad ? (double) ry[1] * rx[1] : (double) ry[0] * rx[0];
                factor[(int) (oy * size[1] + ox)] = kernel[0] * kernel[1] / divisor;
            }
        }
        return Tensor.of(like.dtype(), factor, 1, 1, size[0], size[1]);
    }

    /** {@code {elements inside the input, elements inside the padded input}} of window {@code o} along an axis. */
    private long[] window(long o, int axis, long n) {
        long start = o * stride[axis] - padding[axis];
        long end = Math.min(start + kernel[axis], n + padding[axis]);
        long padded = end - start;
        return new long[]{Math.min(end, n) - Math.max(start, 0), padded};
    }

    @Override
    public Config config() {
        Config c = Config.empty().with("kernel", kernel).with("stride", stride).with("padding", padding);
        // Only the non-defaults, so configs saved before the variants existed read and write unchanged.
        if (ceilMode) {
            c.with("ceil_mode", true);
        }
        if (!countIncludePad) {
            c.with("count_include_pad", false);
        }
        return c;
    }
}
