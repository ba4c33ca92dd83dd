package dev.neurite.layers.graph;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.nn.Config;
import dev.neurite.layers.activation.Activations;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.core.Seeds;
import dev.neurite.layers.init.Initializers;

/**
 * The graph attention layer of Velickovic et al., PyG's {@code GATConv}: per head, nodes are projected
 * {@code h = x W^T}, every edge {@code j -> i} scores {@code e_ij = LeakyReLU(a_src . h_j + a_dst . h_i)} (slope 0.2),
 * the scores are soft-maxed over each target's incoming edges, and {@code x_i' = sum_j alpha_ij h_j}. Heads are
 * concatenated ({@code [N, heads * out]}) or averaged ({@code [N, out]}), then the bias is added. Every node gets one
 * self-loop (existing loops are replaced), and dropout (training only) applies to the attention coefficients.
 *
 * <p>Parameters as PyG names them: {@code lin.weight [heads * out, in]}, {@code att_src} and {@code att_dst}
 * {@code [1, heads, out]} (all Glorot-uniform) and {@code bias} (zeros).
 */
public final class GATConv extends MessagePassing {
    public static final String TYPE = "gat_conv";

    private final long in;
    private final long out;
    private final int heads;
    private final boolean concat;
    private final double negativeSlope;
    private final double dropout;
    private final boolean addSelfLoops;
    private final boolean hasBias;
    private final DType dtype;
    private final long seed;
    private final Generator dropoutMasks;
    private final Dense lin;
    private final Tensor attSrc;
    private final Tensor attDst;
    private final Tensor bias;

    public GATConv(long in, long out, int heads, Generator generator) {
        this(in, out, heads, true, 0.2, 0, true, true, DType.FLOAT32, Seeds.next(generator));
    }

    public GATConv(long in, long out, int heads, boolean concat, double negativeSlope, double dropout, boolean addSelfLoops,
                   boolean bias, DType dtype, long seed) {
        super(Aggregation.SUM);
        if (in < 1 || out < 1 || heads < 1) {
            throw new IllegalArgumentException(TYPE + ": in, out and heads must be >= 1, got in=" + in + ", out=" + out + ", heads=" + heads);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException(TYPE + ": dropout must be in [0, 1), got " + dropout);
        }
        this.in = in;
        this.out = out;
        this.heads = heads;
        this.concat = concat;
        this.negativeSlope = negativeSlope;
        this.dropout = dropout;
        this.addSelfLoops = addSelfLoops;
        this.hasBias = bias;
        this.dtype = dtype;
        this.seed = seed;
        this.dropoutMasks = new Generator(seed ^ 0x6761_7421L);
        Generator streams = new Generator(seed);
        long linSeed = streams.nextSeed();
        long srcSeed = streams.nextSeed();
        long dstSeed = streams.nextSeed();
        this.lin = addChild("lin", new Dense(in, heads * out, false, Initializers.glorotUniform(), Initializers.zeros(), dtype, linSeed));
        // PyG's glorot on [1, heads, out] takes its bound from the last two axes.
        this.attSrc = addParameter("att_src", MemoryScope.outside(() ->
                Initializers.glorotUniform().create(Shape.of(1, heads, out), dtype, heads, out, srcSeed)));
        this.attDst = addParameter("att_dst", MemoryScope.outside(() ->
                Initializers.glorotUniform().create(Shape.of(1, heads, out), dtype, heads, out, dstSeed)));
        long width = concat ? heads * out : out;
        this.bias = bias ? addParameter("bias", MemoryScope.outside(() -> Tensor.zeros(Shape.of(width), dtype))) : null;
    }

    public GATConv(Config c) {
        this(c.getLong("in"), c.getLong("out"), c.getInt("heads", 1), c.getBoolean("concat", true), c.getDouble("negative_slope", 0.2),
                c.getDouble("dropout", 0), c.getBoolean("add_self_loops", true), c.getBoolean("bias", true),
                DType.fromId(c.getString("dtype", DType.FLOAT32.id())), c.getLong("seed"));
    }

    public int heads() {
        return heads;
    }

    /** Width of the output: {@code heads * out} when concatenating, else {@code out}. */
    public long outputFeatures() {
        return concat ? heads * out : out;
    }

    @Override
    public Tensor forward(Tensor x, GraphData graph) {
        return attend(x, graph)[0];
    }

    /**
     * The attention coefficients {@code [E', heads]} of every edge of the graph the layer attends over (the input's
     * edges without self-loops, then one loop per node, when self-loops are added); each target's sum to 1.
     */
    public Tensor attention(Tensor x, GraphData graph) {
        return attend(x, graph)[1];
    }

    private Tensor[] attend(Tensor x, GraphData graph) {
        checkFeatures(x, graph, in, dtype);
        GraphData g = addSelfLoops ? graph.withSelfLoops() : graph;
        long n = x.size(0);
        Tensor h = lin.forward(x).reshape(n, heads, out);
        Tensor scoreSrc = h.mul(attSrc).sum(-1, false);
        Tensor scoreDst = h.mul(attDst).sum(-1, false);
        Tensor score = scoreSrc.gather(0, g.sourceIndex()).add(scoreDst.gather(0, g.targetIndex()));
        Tensor alpha = Scatter.softmax(Activations.leakyRelu(score, negativeSlope), g.targets());
        Tensor weights = alpha;
        if (isTraining() && dropout > 0) {
            Tensor keep = Tensor.random(alpha.shape(), alpha.dtype(), Distribution.BERNOULLI, 1 - dropout, 0, dropoutMasks.nextSeed());
            weights = alpha.mul(keep.mul(1 / (1 - dropout)));
        }
        Tensor messages = h.gather(0, g.sourceIndex()).mul(weights.unsqueeze(-1));
        Tensor y = aggregate(messages, g);
        y = concat ? y.reshape(n, heads * out) : y.mean(1, false);
        return new Tensor[]{hasBias ? y.add(bias) : y, alpha};
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("in", in).with("out", out).with("heads", heads).with("concat", concat)
                .with("negative_slope", negativeSlope).with("dropout", dropout).with("add_self_loops", addSelfLoops).with("bias", hasBias)
                .with("dtype", dtype.id()).with("seed", seed);
    }
}
