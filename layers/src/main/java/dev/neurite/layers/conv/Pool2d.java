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
 */
abstract class Pool2d extends AbstractLayer {
    private final Pool2dKernel.Mode mode;
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;

    Pool2d(Pool2dKernel.Mode mode, int[] kernel, int[] stride, int[] padding) {
        this.mode = mode;
        this.kernel = Windows.check(typeId(), "kernel", kernel, 1);
        this.stride = Windows.check(typeId(), "stride", stride, 1);
        this.padding = Windows.check(typeId(), "padding", padding, 0);
        if (2 * padding[0] > kernel[0] || 2 * padding[1] > kernel[1]) {
            throw new IllegalArgumentException(typeId() + ": padding " + Arrays.toString(padding)
                    + " must be at most half the kernel " + Arrays.toString(kernel));
        }
    }

    Pool2d(Pool2dKernel.Mode mode, Config config) {
        this(mode, config.getIntArray("kernel"), Windows.pairFrom(config, "stride", config.getIntArray("kernel")),
                Windows.pairFrom(config, "padding", new int[]{0, 0}));
    }

    @Override
    public Tensor forward(Tensor x) {
        Windows.checkInput(typeId(), x, -1);
        long[] size = Windows.outputSize(typeId(), x.shape(), kernel, stride, padding, new int[]{1, 1});
        Optional<Pool2dKernel> fused = Kernels.find(x.backend(), Pool2dKernel.class);
        if (fused.isPresent()) {
            Pool2dKernel k = fused.get();
            NdArray y = k.forward(mode, x.data(), kernel, stride, padding);
            return Tensor.fromOp(typeId(), y,
                    g -> new Tensor[]{Tensor.wrap(k.backward(mode, x.data(), g.data(), kernel, stride, padding))}, x);
        }
        // Max pads with -inf so padding never wins; average pads with 0 and divides by kh*kw (count_include_pad).
        double fill = mode == Pool2dKernel.Mode.MAX ? Double.NEGATIVE_INFINITY : 0;
        Tensor windows = Windows.windows(Windows.pad(x, padding, fill), kernel, stride, new int[]{1, 1}, size[0], size[1]);
        return mode == Pool2dKernel.Mode.MAX ? windows.max(2, false) : windows.mean(2, false);
    }

    @Override
    public Config config() {
        return Config.empty().with("kernel", kernel).with("stride", stride).with("padding", padding);
    }
}
