package dev.neurite.layers.attention;

import dev.neurite.api.Tensor;

import java.util.Locale;

/** The activation between a Transformer layer's two linear maps, by PyTorch's names. */
enum FeedForwardActivation {
    RELU, GELU;

    static FeedForwardActivation parse(String type, String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "relu" -> RELU;
            case "gelu" -> GELU;
            default -> throw new IllegalArgumentException(type + ": activation must be relu or gelu, got '" + name + "'");
        };
    }

    Tensor apply(Tensor x) {
        // gelu is the exact one (erf), PyTorch's default for activation="gelu".
        return this == RELU ? x.relu() : x.mul(0.5).mul(x.mul(1 / Math.sqrt(2)).erf().add(1));
    }

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
