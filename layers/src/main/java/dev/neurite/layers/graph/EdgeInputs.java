package dev.neurite.layers.graph;

import dev.neurite.api.Tensor;

/**
 * What a {@link MessagePassing#message} sees on every edge {@code j -> i}: the source's features {@code x_j}, the
 * target's features {@code x_i} and the edge's features, each {@code [E, ...]}. The node features are gathered onto
 * the edges only when asked for.
 */
public final class EdgeInputs {
    private final Tensor x;
    private final GraphData graph;
    private Tensor source;
    private Tensor target;

    EdgeInputs(Tensor x, GraphData graph) {
        this.x = x;
        this.graph = graph;
    }

    /** {@code x_j}: the features of every edge's source node. */
    public Tensor sourceFeatures() {
        if (source == null) {
            source = x.gather(0, graph.sourceIndex());
        }
        return source;
    }

    /** {@code x_i}: the features of every edge's target node. */
    public Tensor targetFeatures() {
        if (target == null) {
            target = x.gather(0, graph.targetIndex());
        }
        return target;
    }

    /** Edge features {@code [E, D]}, or null when the graph has none. */
    public Tensor edgeAttr() {
        return graph.edgeAttr();
    }

    /** The node features being propagated {@code [N, ...]}. */
    public Tensor nodeFeatures() {
        return x;
    }

    /** The graph the edges belong to (for structure-derived weights such as GCN's normalisation). */
    public GraphData graph() {
        return graph;
    }
}
