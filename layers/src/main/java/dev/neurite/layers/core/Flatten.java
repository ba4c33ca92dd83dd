package dev.neurite.layers.core;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;

/** Collapses axes {@code startAxis..last} into one; the default keeps the batch axis, like PyTorch's {@code nn.Flatten}. */
public final class Flatten extends AbstractLayer {
    public static final String TYPE = "flatten";
    private final int startAxis;

    public Flatten() {
        this(1);
    }

    public Flatten(int startAxis) {
        this.startAxis = startAxis;
    }

    public Flatten(Config config) {
        this(config.getInt("start_axis", 1));
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.flatten(startAxis);
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("start_axis", startAxis);
    }
}
