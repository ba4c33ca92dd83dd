package dev.neurite.layers.activation;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;

/** A layer that applies a fixed function elementwise (or along one axis); it has no parameters unless it adds them. */
public abstract class ActivationLayer extends AbstractLayer {
    private final String typeId;

    protected ActivationLayer(String typeId) {
        this.typeId = typeId;
    }

    /** The activation applied to {@code x}. */
    protected abstract Tensor apply(Tensor x);

    @Override
    public Tensor forward(Tensor input) {
        return apply(input);
    }

    @Override
    public String typeId() {
        return typeId;
    }

    /** Parameterless activations have an empty config; those with settings override this. */
    @Override
    public Config config() {
        return Config.empty();
    }
}
