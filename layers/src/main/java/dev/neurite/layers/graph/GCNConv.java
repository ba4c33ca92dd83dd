package dev.neurite.layers.graph;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.core.Seeds;
import dev.neurite.layers.init.Initializers;

/**
 * The graph convolution of Kipf and Welling, PyG's {@code GCNConv}: {@code X' = D^-1/2 (A + I) D^-1/2 X W^T + b},
 * with {@code D} the in-degrees of {@code A + I}. Every node gets one self-loop (existing loops are replaced); each
 * edge {@code j -> i} carries {@code x_j W^T / sqrt(deg(j) deg(i))} and the messages are summed at i.
 *
 * <p>Parameters as PyG names them: {@code lin.weight [out, in]} (Glorot-uniform) and {@code bias [out]} (zeros).
 */
public final class GCNConv extends MessagePassing {
    public static final String TYPE = "gcn_conv";

    private final long in;
    private final long out;
    private final boolean hasBias;
    private final boolean addSelfLoops;
    private final boolean normalize;
    private final DType dtype;
    private final long seed;
    private final Dense lin;
    private final Tensor bias;

    public GCNConv(long in, long out, Generator generator) {
        this(in, out, true, true, true, DType.FLOAT32, Seeds.next(generator));
    }

    public GCNConv(long in, long out, boolean bias, boolean addSelfLoops, boolean normalize, DType dtype, long seed) {
        super(Aggregation.SUM);
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException(TYPE + ": in and out must be >= 1, got in=" + in + ", out=" + out);
        }
        this.in = in;
        this.out = out;
        this.hasBias = bias;
        this.addSelfLoops = addSelfLoops;
        this.normalize = normalize;
        this.dtype = dtype;
        this.seed = seed;
        this.lin = addChild("lin", new Dense(in, out, false, Initializers.glorotUniform(), Initializers.zeros(), dtype, seed));
        this.bias = bias ? addParameter("bias", MemoryScope.outside(() -> Tensor.zeros(Shape.of(out), dtype))) : null;
    }

    public GCNConv(Config c) {
        this(c.getLong("in"), c.getLong("out"), c.getBoolean("bias", true), c.getBoolean("add_self_loops", true),
                c.getBoolean("normalize", true), DType.fromId(c.getString("dtype", DType.FLOAT32.id())), c.getLong("seed"));
    }

    public Dense lin() {
        return lin;
    }

    /** The bias, or null without one. */
    public Tensor bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x, GraphData graph) {
        checkFeatures(x, graph, in, dtype);
        GraphData g = addSelfLoops ? graph.withSelfLoops() : graph;
        Tensor y = propagate(lin.forward(x), g);
        return hasBias ? y.add(bias) : y;
    }

    @Override
    protected Tensor message(EdgeInputs edges) {
        Tensor xj = edges.sourceFeatures();
        return normalize ? xj.mul(edgeWeights(edges.graph(), xj.dtype())) : xj;
    }

    /** {@code deg(j)^-1/2 deg(i)^-1/2} per edge {@code j -> i} as {@code [E, 1]}; 0 where a degree is 0 (as PyG). */
    static Tensor edgeWeights(GraphData g, DType dtype) {
        return g.derived("gcn_norm:" + dtype.id(), () -> {
            long[] deg = g.targets().counts();
            long[] src = g.sources();
            long[] dst = g.targetNodes();
            double[] w = new double[src.length];
            for (int e = 0; e < w.length; e++) {
                double a = deg[(int) src[e]];
                double b = deg[(int) dst[e]];
                w[e] = a == 0 || b == 0 ? 0 : 1 / Math.sqrt(a) / Math.sqrt(b);
            }
            return Tensor.of(dtype, w, w.length, 1);
        });
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("in", in).with("out", out).with("bias", hasBias).with("add_self_loops", addSelfLoops)
                .with("normalize", normalize).with("dtype", dtype.id()).with("seed", seed);
    }
}
