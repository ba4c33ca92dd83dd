package dev.neurite.layers.activation;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;

/** Exponential linear unit: {@code x} for x > 0, else {@code alpha * (exp(x) - 1)}; alpha 1 by default. */
public final class ELU extends ActivationLayer {
    public static final String TYPE = "elu";
    private final double alpha;

    public ELU() {
        this(1.0);
    }

    public ELU(double alpha) {
        super(TYPE);
        this.alpha = alpha;
    }

    public ELU(Config config) {
        this(config.getDouble("alpha", 1.0));
    }

    public double alpha() {
        return alpha;
    }

    @Override
    protected Tensor apply(Tensor x) {
        return Activations.elu(x, alpha);
    }

    @Override
    public Config config() {
        return Config.empty().with("alpha", alpha);
    }
}
