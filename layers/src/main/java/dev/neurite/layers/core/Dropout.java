package dev.neurite.layers.core;

import dev.neurite.api.Generator;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;

/**
 * Inverted dropout: in training, zeroes each element with probability {@code p} and scales the survivors by
 * {@code 1/(1-p)} so that eval mode is the identity. Masks come from a generator seeded at construction, so a run
 * is reproducible: the same seed gives the same sequence of masks. For Monte-Carlo dropout at inference, keep the
 * layer in training mode.
 */
public final class Dropout extends AbstractLayer {
    public static final String TYPE = "dropout";
    /** The seed used when none is given; fixed, so that even the default is reproducible. */
    public static final long DEFAULT_SEED = 0x5EEDL;

    private final double p;
    private final long seed;
    private final Generator generator;

    public Dropout(double p) {
        this(p, DEFAULT_SEED);
    }

    public Dropout(double p, Generator generator) {
        this(p, Seeds.next(generator));
    }

    public Dropout(double p, long seed) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout: p must be in [0, 1], got " + p);
        }
        this.p = p;
        this.seed = seed;
        this.generator = new Generator(seed);
    }

    public Dropout(Config config) {
        this(config.getDouble("p", 0.5), config.getLong("seed"));
    }

    public double p() {
        return p;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0) {
            return x;
        }
        if (p == 1) {
            return x.mul(0);
        }
        Tensor keep = Tensor.random(x.shape(), x.dtype(), Distribution.BERNOULLI, 1 - p, 0, generator.nextSeed());
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
