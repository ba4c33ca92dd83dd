package dev.neurite.layers.activation;

import dev.neurite.api.Tensor;

/** The perceptron's Heaviside step (1 where x > 0, else 0). Not differentiable: its output never requires grad. */
public final class Step extends ActivationLayer {
    public static final String TYPE = "step";

    public Step() {
        super(TYPE);
    }

    @Override
    protected Tensor apply(Tensor x) {
        return Activations.step(x);
    }
}
