package dev.neurite.layers.activation;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;

/**
 * Gaussian error linear unit. Exact (erf-based) by default like PyTorch's {@code nn.GELU()};
 * {@code approximate = "tanh"} selects the tanh approximation like {@code nn.GELU(approximate='tanh')}.
 */
public final class GELU extends ActivationLayer {
    public static final String TYPE = "gelu";
    private final boolean tanhApproximation;

    public GELU() {
        this(false);
    }

    public GELU(boolean tanhApproximation) {
        super(TYPE);
        this.tanhApproximation = tanhApproximation;
    }

    public GELU(Config config) {
        this(parseApproximate(config.getString("approximate", "none")));
    }

    private static boolean parseApproximate(String value) {
        return switch (value) {
            case "none" -> false;
            case "tanh" -> true;
            default -> throw new IllegalArgumentException("gelu: approximate must be 'none' or 'tanh', got '" + value + "'");
        };
    }

    @Override
    protected Tensor apply(Tensor x) {
        return tanhApproximation ? Activations.geluTanh(x) : Activations.gelu(x);
    }

    @Override
    public Config config() {
        return Config.empty().with("approximate", tanhApproximation ? "tanh" : "none");
    }
}
