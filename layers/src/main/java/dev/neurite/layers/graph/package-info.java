/**
 * Graph neural networks by message passing (as in PyTorch Geometric): a {@link dev.neurite.layers.graph.GraphData}
 * input (node features, an int64 {@code [2, E]} edge index, optional edge features and batch vector), differentiable
 * scatter aggregations onto target nodes ({@link dev.neurite.layers.graph.Scatter}), the
 * {@link dev.neurite.layers.graph.MessagePassing} base layer and the GCN, GraphSAGE, GIN and GAT convolutions, and
 * per-graph readout ({@link dev.neurite.layers.graph.GlobalPool}).
 */
package dev.neurite.layers.graph;
