package dev.neurite.apps.models;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Sequential;
import dev.neurite.layers.activation.ReLU;
import dev.neurite.layers.conv.Conv2d;
import dev.neurite.layers.conv.GlobalAvgPool;
import dev.neurite.layers.conv.MaxPool2d;
import dev.neurite.layers.conv.ResidualBlock;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.core.Flatten;
import dev.neurite.layers.core.Normalize;
import dev.neurite.layers.core.Seeds;
import dev.neurite.layers.norm.BatchNorm2d;

import java.util.List;
import java.util.Locale;

/** The models the command line trains, by name. */
public final class Models {
    public static final List<String> NAMES = List.of("mlp", "cnn", "resnet");

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

    /**
     * A small ResNet for [B, 1, 28, 28]: a bias-free 3x3 stem conv to 16 channels with batch norm and ReLU, three basic
     * residual blocks (16 at 28x28, 32 at 14x14, 64 at 7x7; the last two halve the size with stride 2 and a 1x1
     * projection shortcut), global average pooling and a linear classifier, as in He et al.'s CIFAR ResNets.
     */
    public static Sequential resnet(long seed) {
        Generator g = new Generator(seed);
        int[] one = {1, 1};
        return new Sequential(new Normalize(FASHION_MEAN, FASHION_STD),
                new Conv2d(1, 16, new int[] {3, 3}, one, one, one, 1, false, DType.FLOAT32, Seeds.next(g)),
                new BatchNorm2d(16), new ReLU(),
                new ResidualBlock(16, 16, 1, Seeds.next(g)),
                new ResidualBlock(16, 32, 2, Seeds.next(g)),
                new ResidualBlock(32, 64, 2, Seeds.next(g)),
                new GlobalAvgPool(), new Dense(64, 10, g));
    }

    public static Layer byName(String name, long seed) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "mlp" -> mlp(seed);
            case "cnn" -> cnn(seed);
            case "resnet" -> resnet(seed);
            default -> throw new IllegalArgumentException("unknown model '" + name + "'; available: " + NAMES);
        };
    }
}
