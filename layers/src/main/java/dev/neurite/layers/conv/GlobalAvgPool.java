package dev.neurite.layers.conv;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;

/**
 * The mean over height and width, [batch, channels, h, w] to [batch, channels] (PyTorch's
 * {@code AdaptiveAvgPool2d(1)} followed by a flatten). One reduction, so it needs no fused kernel.
 */
public final class GlobalAvgPool extends AbstractLayer {
    public static final String TYPE = "global_avg_pool";

    public GlobalAvgPool() {
    }

    public GlobalAvgPool(Config config) {
        this();
    }

    @Override
    public Tensor forward(Tensor x) {
        Windows.checkInput(TYPE, x, -1);
        return x.mean(new int[]{2, 3}, false);
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty();
    }
}
