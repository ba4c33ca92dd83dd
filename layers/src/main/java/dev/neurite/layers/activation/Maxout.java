package dev.neurite.layers.activation;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.core.Seeds;
import dev.neurite.layers.init.Initializers;

/**
 * Maxout (Goodfellow et al. 2013): each of the {@code out} units is the maximum of {@code k} affine maps of the input,
 * {@code h_i(x) = max_j (x W_ij + b_ij)}. A learned, piecewise-linear convex activation: with k = 2 it can represent
 * ReLU, leaky ReLU or |x|, and it never saturates. The gradient flows only through the winning piece of each unit.
 *
 * <p>The k maps live in one {@link Dense} child {@code linear} of {@code in -> out * k} features, grouped by unit:
 * output feature {@code i * k + j} is piece j of unit i. Inputs of any rank >= 1 are transformed along their last
 * axis. PyTorch has no Maxout module.
 */
public final class Maxout extends AbstractLayer {
    public static final String TYPE = "maxout";
    private final long in;
    private final long out;
    private final int pieces;
    private final DType dtype;
    private final long seed;
    private final Dense linear;

    public Maxout(long in, long out, int pieces, Generator generator) {
        this(in, out, pieces, DType.FLOAT32, Seeds.next(generator));
    }

    public Maxout(long in, long out, int pieces, DType dtype, long seed) {
        if (in < 1 || out < 1 || pieces < 1) {
            throw new IllegalArgumentException("maxout: in, out and pieces must be >= 1, got in=" + in + ", out=" + out
                    + ", pieces=" + pieces);
        }
        this.in = in;
        this.out = out;
        this.pieces = pieces;
        this.dtype = dtype;
        this.seed = seed;
        this.linear = addChild("linear", new Dense(in, out * pieces, true, Initializers.pytorchDefault(),
                Initializers.pytorchDefault(), dtype, seed));
    }

    public Maxout(Config config) {
        this(config.getLong("in"), config.getLong("out"), config.getInt("pieces"),
                DType.fromId(config.getString("dtype", DType.FLOAT32.id())), config.getLong("seed"));
    }

    /** The affine maps: weight {@code [out * k, in]}, bias {@code [out * k]}. */
    public Dense linear() {
        return linear;
    }

    public int pieces() {
        return pieces;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 1 || x.size(-1) != in) {
            throw new IllegalArgumentException("maxout: expected input with last dimension " + in + ", got shape " + x.shape());
        }
        Tensor z = linear.forward(x);
        return z.reshape(z.shape().sub(0, z.rank() - 1).append(out).append(pieces)).max(-1, false);
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("in", in).with("out", out).with("pieces", pieces).with("dtype", dtype.id())
                .with("seed", seed);
    }
}
