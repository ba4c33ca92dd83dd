package dev.neurite.layers.graph;

import dev.neurite.api.DType;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Registry;

/**
 * The graph isomorphism network layer of Xu et al., PyG's {@code GINConv}: {@code x_i' = nn((1 + eps) x_i + sum_{j -> i}
 * x_j)}, where {@code nn} is any layer (usually a small MLP, e.g. a {@link dev.neurite.api.nn.Sequential} of Dense and
 * ReLU). Sum aggregation is what makes it as discriminating as the Weisfeiler-Lehman test. {@code eps} is a fixed
 * buffer, or a trained parameter with {@code train_eps}; {@code nn}'s parameters are named {@code nn.*} as in PyG.
 */
public final class GINConv extends MessagePassing {
    public static final String TYPE = "gin_conv";

    private final Layer nn;
    private final double initialEps;
    private final boolean trainEps;
    private final DType dtype;
    private final Tensor eps;

    public GINConv(Layer nn) {
        this(nn, 0, false, DType.FLOAT32);
    }

    public GINConv(Layer nn, double eps, boolean trainEps, DType dtype) {
        super(Aggregation.SUM);
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(TYPE + ": eps must be floating point, got " + dtype);
        }
        this.nn = addChild("nn", nn);
        this.initialEps = eps;
        this.trainEps = trainEps;
        this.dtype = dtype;
        Tensor e = MemoryScope.outside(() -> Tensor.of(dtype, new double[]{eps}, 1));
        this.eps = trainEps ? addParameter("eps", e) : addBuffer("eps", e);
    }

    public GINConv(Config c) {
        this(Registry.global().layer(c.getConfig("nn")), c.getDouble("eps", 0), c.getBoolean("train_eps", false),
                DType.fromId(c.getString("dtype", DType.FLOAT32.id())));
    }

    public Layer nn() {
        return nn;
    }

    /** {@code eps} as a {@code [1]} tensor: a parameter with {@code train_eps}, else a buffer. */
    public Tensor eps() {
        return eps;
    }

    @Override
    public Tensor forward(Tensor x, GraphData graph) {
        checkNodes(x, graph);
        if (x.dtype() != dtype) {
            throw new IllegalArgumentException(TYPE + ": node feature dtype " + x.dtype() + " does not match the layer's " + dtype);
        }
        return update(propagate(x, graph), x, graph);
    }

    @Override
    protected Tensor update(Tensor aggregated, Tensor x, GraphData graph) {
        // The buffer, not the constructor's value: a checkpoint may have loaded a trained eps into it.
        return nn.forward(x.mul(eps.add(1)).add(aggregated));
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("nn", Registry.global().spec(nn).asMap()).with("eps", initialEps).with("train_eps", trainEps)
                .with("dtype", dtype.id());
    }
}
