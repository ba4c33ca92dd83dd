package dev.neurite.layers.activation;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;

/** {@code x} for x > 0, else {@code slope * x}; slope 0.01 by default, as PyTorch's {@code negative_slope}. */
public final class LeakyReLU extends ActivationLayer {
    public static final String TYPE = "leaky_relu";
    private final double slope;

    public LeakyReLU() {
        this(0.01);
    }

    public LeakyReLU(double slope) {
        super(TYPE);
        this.slope = slope;
    }

    public LeakyReLU(Config config) {
        this(config.getDouble("slope", 0.01));
    }

    public double slope() {
        return slope;
    }

    @Override
    protected Tensor apply(Tensor x) {
        return Activations.leakyRelu(x, slope);
    }

    @Override
    public Config config() {
        return Config.empty().with("slope", slope);
    }
}
