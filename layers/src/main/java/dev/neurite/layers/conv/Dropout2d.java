package dev.neurite.layers.conv;

import dev.neurite.api.Generator;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;
import dev.neurite.layers.core.MaskedDropout;
import dev.neurite.layers.core.Seeds;

/**
 * Channel dropout, PyTorch's {@code nn.Dropout2d}: in training, zeroes each whole channel of a
 * [batch, channels, h, w] input with probability {@code p} and scales the kept channels by {@code 1/(1-p)};
 * the identity in eval mode. Reproducible from its seed.
 */
public final class Dropout2d extends MaskedDropout {
    public static final String TYPE = "dropout2d";
    public static final long DEFAULT_SEED = 0x5EED2DL;

    public Dropout2d(double p) {
        this(p, DEFAULT_SEED);
    }

    public Dropout2d(double p, Generator generator) {
        this(p, Seeds.next(generator));
    }

    public Dropout2d(double p, long seed) {
        super(TYPE, p, seed);
    }

    public Dropout2d(Config config) {
        this(config.getDouble("p", 0.5), config.getLong("seed"));
    }

    @Override
    protected Shape maskShape(Tensor x) {
        Windows.checkInput(TYPE, x, -1);
        return Shape.of(x.size(0), x.size(1), 1, 1);
    }
}
