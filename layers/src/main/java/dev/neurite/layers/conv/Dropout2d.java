package dev.neurite.layers.conv;

import dev.neurite.api.Generator;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;
import dev.neurite.layers.core.Seeds;

/**
 * Channel dropout, PyTorch's {@code nn.Dropout2d}: in training, zeroes each whole channel of a
 * [batch, channels, h, w] input with probability {@code p} and scales the kept channels by {@code 1/(1-p)};
 * the identity in eval mode. Masks come from a generator seeded at construction, so runs are reproducible.
 */
public final class Dropout2d extends AbstractLayer {
    public static final String TYPE = "dropout2d";
    public static final long DEFAULT_SEED = 0x5EED2DL;

    private final double p;
    private final long seed;
    private final Generator generator;

    public Dropout2d(double p) {
        this(p, DEFAULT_SEED);
    }

    public Dropout2d(double p, Generator generator) {
        this(p, Seeds.next(generator));
    }

    public Dropout2d(double p, long seed) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(TYPE + ": p must be in [0, 1], got " + p);
        }
        this.p = p;
        this.seed = seed;
        this.generator = new Generator(seed);
    }

    public Dropout2d(Config config) {
        this(config.getDouble("p", 0.5), config.getLong("seed"));
    }

    public double p() {
        return p;
    }

    @Override
    public Tensor forward(Tensor x) {
        Windows.checkInput(TYPE, x, -1);
        if (!isTraining() || p == 0) {
            return x;
        }
        if (p == 1) {
            return x.mul(0);
        }
        Tensor keep = Tensor.random(dev.neurite.api.Shape.of(x.size(0), x.size(1), 1, 1), x.dtype(),
                Distribution.BERNOULLI, 1 - p, 0, generator.nextSeed());
        return x.mul(keep.mul(1 / (1 - p)));
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("p", p).with("seed", seed);
    }
}
