package dev.neurite.layers.graph;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.AbstractLayer;

import java.util.List;

/**
 * The message-passing scheme of graph layers (PyG's {@code MessagePassing}): for every edge {@code j -> i} a message
 * {@code m_ij = message(x_i, x_j, e_ij)} (the edge update), a permutation-invariant {@link Aggregation} of the messages
 * arriving at each node (sum, mean or max; 0 for a node without incoming edges), and a node update
 * {@code x_i' = update(aggregated_i, x_i)}. Subclasses override {@link #message} and {@link #update}, or
 * {@link #forward(Tensor, GraphData)} when they transform the nodes before propagating (GCN, GAT).
 *
 * <p>Graph layers take several tensors, so besides {@link #forward(GraphData)} they accept the {@link
 * dev.neurite.api.nn.Layer#forward(List)} form {@code [x, edge_index]} or {@code [x, edge_index, edge_attr]}; that is
 * how they sit in a functional {@link dev.neurite.api.nn.Graph} model and are saved in checkpoints by type id and config.
 */
public abstract class MessagePassing extends AbstractLayer {
    /** The structure checked for the last edge-index tensor of the list form; one reference, so threads see a pair. */
    private record Last(Tensor edgeIndex, GraphData graph) {
    }

    private final Aggregation aggregation;
    private volatile Last last;

    protected MessagePassing(Aggregation aggregation) {
        this.aggregation = aggregation;
    }

    public Aggregation aggregation() {
        return aggregation;
    }

    /** New node features from the graph's own features. */
    public Tensor forward(GraphData graph) {
        return forward(graph.x(), graph);
    }

    /** New node features {@code [N, out]} from features {@code x [N, F]} on {@code graph}'s structure. */
    public Tensor forward(Tensor x, GraphData graph) {
        checkNodes(x, graph);
        return update(propagate(x, graph), x, graph);
    }

    /** {@code [x, edge_index]} or {@code [x, edge_index, edge_attr]}. */
    @Override
    public Tensor forward(List<Tensor> inputs) {
        if (inputs.size() != 2 && inputs.size() != 3) {
            throw new IllegalArgumentException(typeId() + ": expected 2 inputs [x, edge_index] or 3 [x, edge_index, edge_attr], got "
                    + inputs.size());
        }
        Tensor x = inputs.get(0);
        Tensor edgeIndex = inputs.get(1);
        Tensor edgeAttr = inputs.size() == 3 ? inputs.get(2) : null;
        Last seen = last;
        GraphData graph;
        if (seen != null && edgeIndex == seen.edgeIndex() && !edgeIndex.data().isClosed() && x.rank() == 2
                && x.size(0) == seen.graph().numNodes() && edgeAttr == seen.graph().edgeAttr()) {
            // The same edge index as last call (a training loop): keep its checked structure and cached neighbourhoods.
            graph = seen.graph().withNodeFeatures(x);
        } else {
            graph = new GraphData(x, edgeIndex, edgeAttr);
            last = new Last(edgeIndex, graph);
        }
        return forward(x, graph);
    }

    @Override
    public Tensor forward(Tensor input) {
        throw new IllegalArgumentException(typeId() + ": a graph layer needs the edges too: pass [x, edge_index] (or [x, edge_index, "
                + "edge_attr]) or a GraphData, got one tensor " + input.shape());
    }

    /** Messages along every edge, aggregated at the targets: {@code [N, ...]}. */
    protected Tensor propagate(Tensor x, GraphData graph) {
        return aggregate(message(new EdgeInputs(x, graph)), graph);
    }

    /** The message of every edge, {@code [E, ...]}; by default the source's features {@code x_j}. */
    protected Tensor message(EdgeInputs edges) {
        return edges.sourceFeatures();
    }

    /** Reduces the messages {@code [E, ...]} onto their target nodes with this layer's aggregation. */
    protected Tensor aggregate(Tensor messages, GraphData graph) {
        return aggregation.apply(messages, graph.targets());
    }

    /** The node update from the aggregated messages and the node's own features; by default the aggregate. */
    protected Tensor update(Tensor aggregated, Tensor x, GraphData graph) {
        return aggregated;
    }

    /** Checks that {@code x} is {@code [N, F]} for the graph's N nodes. */
    protected void checkNodes(Tensor x, GraphData graph) {
        if (x.rank() != 2 || x.size(0) != graph.numNodes()) {
            throw new IllegalArgumentException(typeId() + ": expected node features [" + graph.numNodes() + ", F] (one row per node), got "
                    + x.shape());
        }
    }

    /** Checks the feature width and dtype of {@code x [N, F]} against the layer's. */
    protected void checkFeatures(Tensor x, GraphData graph, long features, dev.neurite.api.DType dtype) {
        checkNodes(x, graph);
        if (x.size(1) != features) {
            throw new IllegalArgumentException(typeId() + ": expected " + features + " input features per node, got shape " + x.shape());
        }
        if (x.dtype() != dtype) {
            throw new IllegalArgumentException(typeId() + ": node feature dtype " + x.dtype() + " does not match the layer's " + dtype);
        }
    }
}
