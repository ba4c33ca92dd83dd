package dev.neurite.layers.activation;

import dev.neurite.api.Tensor;

/** {@code max(0, x)}. */
public final class ReLU extends ActivationLayer {
    public static final String TYPE = "relu";

    public ReLU() {
        super(TYPE);
    }

    @Override
    protected Tensor apply(Tensor x) {
        return x.relu();
    }
}
