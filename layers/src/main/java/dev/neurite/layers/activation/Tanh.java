package dev.neurite.layers.activation;

import dev.neurite.api.Tensor;

/** Hyperbolic tangent. */
public final class Tanh extends ActivationLayer {
    public static final String TYPE = "tanh";

    public Tanh() {
        super(TYPE);
    }

    @Override
    protected Tensor apply(Tensor x) {
        return x.tanh();
    }
}
