package dev.neurite.layers.graph;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.core.Seeds;
import dev.neurite.layers.init.Initializers;

/**
 * GraphSAGE, PyG's {@code SAGEConv}: {@code x_i' = lin_l(aggr_{j -> i} x_j) + lin_r(x_i)}, mean aggregation by
 * default; optionally without the root term ({@code root_weight}) and L2-normalised per node ({@code normalize}).
 *
 * <p>Parameters as PyG names them: {@code lin_l.weight [out, in]}, {@code lin_l.bias [out]} and {@code lin_r.weight
 * [out, in]} (no bias), initialised as PyTorch's {@code Linear}.
 */
public final class SAGEConv extends MessagePassing {
    public static final String TYPE = "sage_conv";

    private final long in;
    private final long out;
    private final boolean hasBias;
    private final boolean rootWeight;
    private final boolean normalize;
    private final DType dtype;
    private final long seed;
    private final Dense linL;
    private final Dense linR;

    public SAGEConv(long in, long out, Generator generator) {
        this(in, out, Aggregation.MEAN, true, true, false, DType.FLOAT32, Seeds.next(generator));
    }

    public SAGEConv(long in, long out, Aggregation aggregation, boolean bias, boolean rootWeight, boolean normalize, DType dtype, long seed) {
        super(aggregation);
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException(TYPE + ": in and out must be >= 1, got in=" + in + ", out=" + out);
        }
        this.in = in;
        this.out = out;
        this.hasBias = bias;
        this.rootWeight = rootWeight;
        this.normalize = normalize;
        this.dtype = dtype;
        this.seed = seed;
        Generator streams = new Generator(seed);
        long seedL = streams.nextSeed();
        long seedR = streams.nextSeed();
        this.linL = addChild("lin_l", new Dense(in, out, bias, Initializers.pytorchDefault(), Initializers.pytorchDefault(), dtype, seedL));
        this.linR = rootWeight
                ? addChild("lin_r", new Dense(in, out, false, Initializers.pytorchDefault(), Initializers.pytorchDefault(), dtype, seedR))
                : null;
    }

    public SAGEConv(Config c) {
        this(c.getLong("in"), c.getLong("out"), Aggregation.fromId(c.getString("aggr", "mean")), c.getBoolean("bias", true),
                c.getBoolean("root_weight", true), c.getBoolean("normalize", false), DType.fromId(c.getString("dtype", DType.FLOAT32.id())),
                c.getLong("seed"));
    }

    public Dense linL() {
        return linL;
    }

    /** The root projection, or null without {@code root_weight}. */
    public Dense linR() {
        return linR;
    }

    @Override
    public Tensor forward(Tensor x, GraphData graph) {
        checkFeatures(x, graph, in, dtype);
        return update(propagate(x, graph), x, graph);
    }

    @Override
    protected Tensor update(Tensor aggregated, Tensor x, GraphData graph) {
        Tensor y = linL.forward(aggregated);
        if (rootWeight) {
            y = y.add(linR.forward(x));
        }
        return normalize ? l2Normalize(y) : y;
    }

    /** {@code y / max(||y||_2, 1e-12)} per row, as {@code F.normalize}. */
    static Tensor l2Normalize(Tensor y) {
        return y.div(y.square().sum(-1, true).sqrt().clamp(1e-12, Double.POSITIVE_INFINITY));
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("in", in).with("out", out).with("aggr", aggregation().id()).with("bias", hasBias)
                .with("root_weight", rootWeight).with("normalize", normalize).with("dtype", dtype.id()).with("seed", seed);
    }
}
