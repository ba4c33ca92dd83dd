package dev.neurite.layers.graph;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;

import java.util.List;

/**
 * Graph-level readout, PyG's {@code global_add_pool}, {@code global_mean_pool} and {@code global_max_pool}: node
 * features {@code [N, F]} reduced per graph to {@code [graphs, F]} through the batch vector (sum, mean or max; an empty
 * graph gives 0). Takes a {@link GraphData}, {@code [x, batch]}, or {@code x} alone for a single graph ({@code [1, F]}).
 */
public final class GlobalPool extends AbstractLayer {
    public static final String TYPE = "global_pool";

    /** The groups of the last batch tensor of the list form; one reference, so threads see a pair. */
    private record Last(Tensor batch, GroupIndex groups) {
    }

    private final Aggregation aggregation;
    private volatile Last last;

    public GlobalPool(Aggregation aggregation) {
        this.aggregation = aggregation;
    }

    public GlobalPool(Config c) {
        this(Aggregation.fromId(c.getString("aggr", "mean")));
    }

    public Aggregation aggregation() {
        return aggregation;
    }

    /** One row per graph of {@code graph}'s batch. */
    public Tensor forward(GraphData graph) {
        return forward(graph.x(), graph);
    }

    /** Pools {@code x [N, F]} per graph of {@code graph}'s batch. */
    public Tensor forward(Tensor x, GraphData graph) {
        checkNodes(x, graph.numNodes());
        return aggregation.apply(x, graph.graphs());
    }

    /** All nodes as one graph: {@code [1, F]}. */
    @Override
    public Tensor forward(Tensor x) {
        checkNodes(x, x.rank() == 2 ? x.size(0) : -1);
        return aggregation.apply(x, new GroupIndex(new long[(int) x.size(0)], 1));
    }

    /** {@code [x]} or {@code [x, batch]}. */
    @Override
    public Tensor forward(List<Tensor> inputs) {
        if (inputs.size() == 1) {
            return forward(inputs.get(0));
        }
        if (inputs.size() != 2) {
            throw new IllegalArgumentException(TYPE + ": expected 1 input [x] or 2 [x, batch], got " + inputs.size());
        }
        Tensor x = inputs.get(0);
        Tensor batch = inputs.get(1);
        checkNodes(x, x.rank() == 2 ? x.size(0) : -1);
        if (batch.dtype() != DType.INT64 || batch.rank() != 1 || batch.size(0) != x.size(0)) {
            throw new IllegalArgumentException(TYPE + ": expected an int64 batch vector of shape [" + x.size(0) + "] (one graph id per node), "
                    + "got " + batch.dtype() + " " + batch.shape());
        }
        Last seen = last;
        if (seen == null || batch != seen.batch() || batch.data().isClosed()) {
            long[] b = batch.toLongArray();
            long max = -1;
            for (long v : b) {
                max = Math.max(max, v);
            }
            seen = new Last(batch, new GroupIndex(b, Math.toIntExact(max + 1)));
            last = seen;
        }
        return aggregation.apply(x, seen.groups());
    }

    private void checkNodes(Tensor x, long nodes) {
        if (x.rank() != 2 || x.size(0) != nodes || !x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(TYPE + ": expected floating-point node features [" + (nodes < 0 ? "N" : nodes) + ", F], got "
                    + x.dtype() + " " + x.shape());
        }
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("aggr", aggregation.id());
    }
}
