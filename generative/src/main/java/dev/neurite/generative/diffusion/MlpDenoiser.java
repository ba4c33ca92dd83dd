package dev.neurite.generative.diffusion;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.core.Seeds;
import dev.neurite.layers.init.Initializers;

import java.util.ArrayList;
import java.util.List;

/**
 * The noise predictor {@code eps_theta(x_t, t)} for low-dimensional data {@code [N, dim]}: {@code depth} hidden
 * layers of width {@code hidden} with SiLU, the step's sinusoidal embedding projected and added to each hidden
 * layer's pre-activation, and a linear output of size {@code dim}.
 */
public final class MlpDenoiser extends AbstractLayer {
    public static final String TYPE = "mlp_denoiser";

    private final long dim;
    private final long hidden;
    private final int depth;
    private final int embed;
    private final DType dtype;
    private final long seed;
    private final List<Dense> layers = new ArrayList<>();
    private final List<Dense> time = new ArrayList<>();
    private final Dense out;

    public MlpDenoiser(long dim, long hidden, int depth, int embed, DType dtype, long seed) {
        if (dim < 1 || hidden < 1 || depth < 1) {
            throw new IllegalArgumentException(TYPE + ": dim, hidden and depth must be >= 1, got " + dim + ", " + hidden + ", "
                    + depth);
        }
        this.dim = dim;
        this.hidden = hidden;
        this.depth = depth;
        this.embed = embed;
        this.dtype = dtype;
        this.seed = seed;
        Generator g = new Generator(seed);
        for (int i = 0; i < depth; i++) {
            layers.add(addChild("layer" + i, dense(i == 0 ? dim : hidden, hidden, g)));
            time.add(addChild("time" + i, dense(embed, hidden, g)));
        }
        this.out = addChild("out", dense(hidden, dim, g));
    }

    public MlpDenoiser(long dim, long hidden, long seed) {
        this(dim, hidden, 3, 32, DType.FLOAT32, seed);
    }

    public MlpDenoiser(Config c) {
        this(c.getLong("dim"), c.getLong("hidden"), c.getInt("depth"), c.getInt("embed"),
                DType.fromId(c.getString("dtype", DType.FLOAT32.id())), c.getLong("seed"));
    }

    private Dense dense(long in, long outSize, Generator g) {
        return new Dense(in, outSize, true, Initializers.pytorchDefault(), Initializers.pytorchDefault(), dtype, Seeds.next(g));
    }

    @Override
    public Tensor forward(Tensor input) {
        throw new IllegalArgumentException(TYPE + ": expected 2 inputs [x_t, t], got 1");
    }

    @Override
    public Tensor forward(List<Tensor> inputs) {
        Denoisers.checkInputs(TYPE, inputs, 2);
        Tensor x = inputs.get(0);
        Tensor e = TimeEmbedding.sinusoidal(Denoisers.steps(inputs.get(1), x), embed);
        Tensor h = x;
        for (int i = 0; i < depth; i++) {
            h = Denoisers.silu(layers.get(i).forward(h).add(time.get(i).forward(e)));
        }
        return out.forward(h);
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("dim", dim).with("hidden", hidden).with("depth", depth).with("embed", embed)
                .with("dtype", dtype.id()).with("seed", seed);
    }
}
