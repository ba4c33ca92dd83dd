package dev.neurite.layers.activation;

import dev.neurite.api.Tensor;

/** {@code 1 / (1 + exp(-x))}. */
public final class Sigmoid extends ActivationLayer {
    public static final String TYPE = "sigmoid";

    public Sigmoid() {
        super(TYPE);
    }

    @Override
    protected Tensor apply(Tensor x) {
        return x.sigmoid();
    }
}
