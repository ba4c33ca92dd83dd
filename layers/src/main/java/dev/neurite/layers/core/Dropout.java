package dev.neurite.layers.core;

import dev.neurite.api.Generator;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;

/**
 * Inverted dropout: in training, zeroes each element with probability {@code p} and scales the survivors by
 * {@code 1/(1-p)} so that eval mode is the identity. Reproducible from its seed. For Monte-Carlo dropout at
 * inference, keep the layer in training mode.
 */
public final class Dropout extends MaskedDropout {
    public static final String TYPE = "dropout";
    /** The seed used when none is given; fixed, so that even the default is reproducible. */
    public static final long DEFAULT_SEED = 0x5EEDL;

    public Dropout(double p) {
        this(p, DEFAULT_SEED);
    }

    public Dropout(double p, Generator generator) {
        this(p, Seeds.next(generator));
    }

    public Dropout(double p, long seed) {
        super(TYPE, p, seed);
    }

    public Dropout(Config config) {
        this(config.getDouble("p", 0.5), config.getLong("seed"));
    }

    @Override
    protected Shape maskShape(Tensor x) {
        return x.shape();
    }
}
