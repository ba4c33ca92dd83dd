package dev.neurite.layers.activation;

import dev.neurite.api.Tensor;

/** Swish, also called SiLU: {@code x * sigmoid(x)} (PyTorch's {@code nn.SiLU}). */
public final class Swish extends ActivationLayer {
    public static final String TYPE = "swish";

    public Swish() {
        super(TYPE);
    }

    @Override
    protected Tensor apply(Tensor x) {
        return Activations.swish(x);
    }
}
