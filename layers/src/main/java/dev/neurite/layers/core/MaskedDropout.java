package dev.neurite.layers.core;

import dev.neurite.api.Generator;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;

/**
 * Inverted dropout with a mask of some shape that broadcasts over the input: each mask entry is kept with
 * probability {@code 1-p} and survivors are scaled by {@code 1/(1-p)}, so eval mode is the identity. Masks come
 * from a generator seeded at construction: the same seed gives the same sequence of masks.
 */
public abstract class MaskedDropout extends AbstractLayer {
    private final String typeId;
    private final double p;
    private final long seed;
    private final Generator generator;

    protected MaskedDropout(String typeId, double p, long seed) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(typeId + ": p must be in [0, 1], got " + p);
        }
        this.typeId = typeId;
        this.p = p;
        this.seed = seed;
        this.generator = new Generator(seed);
    }

    /** The shape of the keep/drop mask for input {@code x} (validating x if needed). */
    protected abstract Shape maskShape(Tensor x);

    public double p() {
        return p;
    }

    @Override
    public Tensor forward(Tensor x) {
        Shape mask = maskShape(x);
        if (!isTraining() || p == 0) {
            return x;
        }
        if (p == 1) {
            return x.mul(0);
        }
        Tensor keep = Tensor.random(mask, x.dtype(), Distribution.BERNOULLI, 1 - p, 0, generator.nextSeed());
        return x.mul(keep.mul(1 / (1 - p)));
    }

    @Override
    public String typeId() {
        return typeId;
    }

    @Override
    public Config config() {
        return Config.empty().with("p", p).with("seed", seed);
    }
}
