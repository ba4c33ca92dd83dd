package dev.neurite.generative;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;

import java.util.Arrays;

/**
 * Reshapes {@code [N, prod(shape)]} into {@code [N, ...shape]}, PyTorch's {@code nn.Unflatten(1, shape)}: a
 * convolutional generator starts from a Dense projection of the latent vector laid out as feature maps.
 */
public final class Unflatten extends AbstractLayer {
    public static final String TYPE = "unflatten";
    private final long[] shape;
    private final long size;

    public Unflatten(long... shape) {
        if (shape.length == 0 || Arrays.stream(shape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException(TYPE + ": expected a non-empty shape of positive sizes, got "
                    + Arrays.toString(shape));
        }
        this.shape = shape.clone();
        this.size = Arrays.stream(shape).reduce(1, Math::multiplyExact);
    }

    public Unflatten(Config config) {
        this(config.getLongArray("shape"));
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 2 || x.size(1) != size) {
            throw new IllegalArgumentException(TYPE + ": expected input [N, " + size + "] to lay out as [N, "
                    + Arrays.toString(shape).replaceAll("[\\[\\]]", "") + "], got shape " + x.shape());
        }
        long[] target = new long[shape.length + 1];
        target[0] = x.size(0);
        System.arraycopy(shape, 0, target, 1, shape.length);
        return x.reshape(target);
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("shape", shape);
    }
}
