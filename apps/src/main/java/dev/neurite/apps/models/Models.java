package dev.neurite.apps.models;

import dev.neurite.api.Generator;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Sequential;
import dev.neurite.layers.activation.ReLU;
import dev.neurite.layers.conv.Conv2d;
import dev.neurite.layers.conv.MaxPool2d;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.core.Flatten;
import dev.neurite.layers.core.Normalize;

import java.util.List;
import java.util.Locale;

/** The models the command line trains, by name. */
public final class Models {
    public static final List<String> NAMES = List.of("mlp", "cnn");

    private Models() {
    }

    /** Fashion-MNIST's pixel mean and standard deviation (of values in [0, 1]); inputs are standardised with them. */
    public static final double FASHION_MEAN = 0.2860;
    public static final double FASHION_STD = 0.3530;

    /** The MLP 784-256-128-10 with ReLU, for 28x28 grayscale images [B, 1, 28, 28] or flat [B, 784]. */
    public static Sequential mlp(long seed) {
        Generator g = new Generator(seed);
        return new Sequential(new Normalize(FASHION_MEAN, FASHION_STD), new Flatten(), new Dense(784, 256, g), new ReLU(), new Dense(256, 128, g), new ReLU(),
                new Dense(128, 10, g));
    }

    /** conv32-pool-conv64-pool-fc128-fc10 (3x3 convolutions, padding 1, ReLU, 2x2 max pooling) for [B, 1, 28, 28]. */
    public static Sequential cnn(long seed) {
        Generator g = new Generator(seed);
        return new Sequential(new Normalize(FASHION_MEAN, FASHION_STD),
                new Conv2d(1, 32, 3, 1, 1, g), new ReLU(), new MaxPool2d(2),
                new Conv2d(32, 64, 3, 1, 1, g), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Dense(64 * 7 * 7, 128, g), new ReLU(), new Dense(128, 10, g));
    }

    public static Layer byName(String name, long seed) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "mlp" -> mlp(seed);
            case "cnn" -> cnn(seed);
            default -> throw new IllegalArgumentException("unknown model '" + name + "'; available: " + NAMES);
        };
    }
}
