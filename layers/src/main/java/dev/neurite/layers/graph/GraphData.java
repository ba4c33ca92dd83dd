package dev.neurite.layers.graph;

import dev.neurite.api.DType;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A graph (or a batch of graphs) as the input of graph layers, PyTorch Geometric's {@code Data}: node features
 * {@code x [N, F]}, an int64 edge index {@code [2, E]} whose row 0 holds the source and row 1 the target of every
 * edge (messages flow from source to target), optional edge features {@code [E, D]} and an optional int64 batch
 * vector {@code [N]} naming the graph of every node when several graphs share one batch (see {@link #batch(List)}).
 *
 * <p>The structure is checked once, on construction, and what layers derive from it (neighbourhoods, self-loops,
 * normalisation) is cached with it, so build a {@code GraphData} once and reuse it across training steps;
 * {@link #withNodeFeatures} gives the next layer's input with the same cached structure.
 */
public final class GraphData {
    private static final String OP = "graph_data";

    private final Tensor x;
    private final Tensor edgeAttr;
    private final Tensor batch;
    private final int numGraphs;
    private final Structure structure;

    public GraphData(Tensor x, Tensor edgeIndex) {
        this(x, edgeIndex, null, null);
    }

    public GraphData(Tensor x, Tensor edgeIndex, Tensor edgeAttr) {
        this(x, edgeIndex, edgeAttr, null);
    }

    /**
     * @param edgeAttr edge features {@code [E, D]}, or null
     * @param batch    the graph of every node, int64 {@code [N]} with values in {@code [0, graphs)}, or null for one graph
     */
    public GraphData(Tensor x, Tensor edgeIndex, Tensor edgeAttr, Tensor batch) {
        this(checkNodes(x), Structure.of(edgeIndex, x.size(0)), edgeAttr, batch, -1);
    }

    private GraphData(Tensor x, Structure structure, Tensor edgeAttr, Tensor batch, int numGraphs) {
        this.x = x;
        this.structure = structure;
        this.edgeAttr = checkEdgeAttr(edgeAttr, structure.sources.length);
        this.batch = batch;
        this.numGraphs = batch == null ? 1 : numGraphs >= 0 ? numGraphs : checkBatch(batch, x.size(0));
    }

    /**
     * Several graphs as one disconnected graph, as PyG's {@code Batch.from_data_list}: node features and edge features
     * concatenated, every graph's edge index shifted by the number of nodes before it, and a batch vector naming each
     * node's graph. Either every graph has edge features or none has.
     */
    public static GraphData batch(List<GraphData> graphs) {
        if (graphs.isEmpty()) {
            throw new IllegalArgumentException(OP + ": batch needs at least one graph");
        }
        boolean withAttr = graphs.get(0).edgeAttr != null;
        List<Tensor> xs = new ArrayList<>();
        List<Tensor> attrs = new ArrayList<>();
        long nodes = 0;
        long edges = 0;
        for (GraphData g : graphs) {
            edges += g.numEdges();
        }
        long[] index = new long[Math.toIntExact(2 * edges)];
        long[] graphOf = new long[Math.toIntExact(graphs.stream().mapToLong(GraphData::numNodes).sum())];
        int e = 0;
        for (int k = 0; k < graphs.size(); k++) {
            GraphData g = graphs.get(k);
            if ((g.edgeAttr != null) != withAttr) {
                throw new IllegalArgumentException(OP + ": batch needs edge features on every graph or on none, but graph 0 "
                        + (withAttr ? "has" : "has none") + " and graph " + k + (withAttr ? " has none" : " has"));
            }
            if (g.batch != null && g.numGraphs != 1) {
                throw new IllegalArgumentException(OP + ": batch takes single graphs, but graph " + k + " is a batch of " + g.numGraphs);
            }
            xs.add(g.x);
            if (withAttr) {
                attrs.add(g.edgeAttr);
            }
            int n = g.structure.sources.length;
            for (int i = 0; i < n; i++) {
                index[e + i] = g.structure.sources[i] + nodes;
                index[(int) edges + e + i] = g.structure.targets[i] + nodes;
            }
            Arrays.fill(graphOf, (int) nodes, (int) (nodes + g.numNodes()), k);
            e += n;
            nodes += g.numNodes();
        }
        Tensor x = Tensor.concat(xs, 0);
        Tensor edgeIndex = Tensor.ofLongs(index, 2, edges);
        return new GraphData(x, Structure.of(edgeIndex, nodes), withAttr ? Tensor.concat(attrs, 0) : null,
                Tensor.ofLongs(graphOf, graphOf.length), graphs.size());
    }

    /** Node features {@code [N, F]}. */
    public Tensor x() {
        return x;
    }

    /** The int64 edge index {@code [2, E]}: sources in row 0, targets in row 1. */
    public Tensor edgeIndex() {
        return structure.edgeIndex;
    }

    /** Edge features {@code [E, D]}, or null. */
    public Tensor edgeAttr() {
        return edgeAttr;
    }

    /** The graph of every node {@code [N]}, or null for a single graph. */
    public Tensor batch() {
        return batch;
    }

    public long numNodes() {
        return structure.nodes;
    }

    public long numEdges() {
        return structure.sources.length;
    }

    public int numGraphs() {
        return numGraphs;
    }

    /** The same graph with other node features {@code [N, F']} (a layer's output, as the next layer's input). */
    public GraphData withNodeFeatures(Tensor features) {
        checkNodes(features);
        if (features.size(0) != numNodes()) {
            throw new IllegalArgumentException(OP + ": expected node features for " + numNodes() + " nodes, got shape " + features.shape());
        }
        return new GraphData(features, structure, edgeAttr, batch, numGraphs);
    }

    /** The source node of every edge, int64 {@code [E]}. */
    public Tensor sourceIndex() {
        return structure.sourceTensor();
    }

    /** The target node of every edge, int64 {@code [E]}. */
    public Tensor targetIndex() {
        return targets().indexTensor();
    }

    /** Edges grouped by their target node: what messages are aggregated over. */
    public GroupIndex targets() {
        return structure.derived("targets", () -> new GroupIndex(structure.targets, Math.toIntExact(structure.nodes)));
    }

    /** Nodes grouped by their graph: what readout pools over. */
    public GroupIndex graphs() {
        return structure.derived("graphs:" + numGraphs, () -> new GroupIndex(batch == null ? new long[(int) numNodes()]
                : batch.toLongArray(), numGraphs));
    }

    long[] sources() {
        return structure.sources;
    }

    long[] targetNodes() {
        return structure.targets;
    }

    /**
     * The structure with every existing self-loop removed and one loop {@code i -> i} appended per node, as PyG's
     * GCN and GAT do ({@code add_remaining_self_loops}, {@code remove_self_loops} + {@code add_self_loops}); edge
     * features are not carried over.
     */
    GraphData withSelfLoops() {
        Structure s = structure.derived("self_loops", structure::withSelfLoops);
        return new GraphData(x, s, null, batch, numGraphs);
    }

    /** A value derived from the structure alone, computed once (outside any memory scope) and kept with it. */
    <T> T derived(String key, Supplier<T> compute) {
        return structure.derived(key, compute);
    }

    private static Tensor checkNodes(Tensor x) {
        if (x == null || x.rank() != 2 || !x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(OP + ": expected floating-point node features x of shape [N, F], got "
                    + (x == null ? "null" : x.dtype() + " " + x.shape()));
        }
        return x;
    }

    private static Tensor checkEdgeAttr(Tensor attr, int edges) {
        if (attr != null && (attr.rank() != 2 || attr.size(0) != edges || !attr.dtype().isFloatingPoint())) {
            throw new IllegalArgumentException(OP + ": expected floating-point edge features of shape [" + edges + ", D] (one row per "
                    + "edge), got " + attr.dtype() + " " + attr.shape());
        }
        return attr;
    }

    private static int checkBatch(Tensor batch, long nodes) {
        if (batch.dtype() != DType.INT64 || batch.rank() != 1 || batch.size(0) != nodes) {
            throw new IllegalArgumentException(OP + ": expected an int64 batch vector of shape [" + nodes + "] (one graph id per node), got "
                    + batch.dtype() + " " + batch.shape());
        }
        long max = -1;
        long[] b = batch.toLongArray();
        for (int i = 0; i < b.length; i++) {
            if (b[i] < 0) {
                throw new IllegalArgumentException(OP + ": batch entry " + i + " is " + b[i] + ", expected a graph id >= 0");
            }
            max = Math.max(max, b[i]);
        }
        return Math.toIntExact(Math.max(max + 1, 1));
    }

    /** The edge index with its host copy and everything derived from it. */
    private static final class Structure {
        final Tensor edgeIndex;
        final long nodes;
        final long[] sources;
        final long[] targets;
        private final Map<String, Object> cache = new HashMap<>();

        private Structure(Tensor edgeIndex, long nodes, long[] sources, long[] targets) {
            this.edgeIndex = edgeIndex;
            this.nodes = nodes;
            this.sources = sources;
            this.targets = targets;
        }

        static Structure of(Tensor edgeIndex, long nodes) {
            if (edgeIndex == null || edgeIndex.dtype() != DType.INT64 || edgeIndex.rank() != 2 || edgeIndex.size(0) != 2) {
                throw new IllegalArgumentException(OP + ": expected an int64 edge index of shape [2, E] (sources in row 0, targets in "
                        + "row 1), got " + (edgeIndex == null ? "null" : edgeIndex.dtype() + " " + edgeIndex.shape()));
            }
            int edges = Math.toIntExact(edgeIndex.size(1));
            long[] all = edgeIndex.toLongArray();
            long[] src = Arrays.copyOfRange(all, 0, edges);
            long[] dst = Arrays.copyOfRange(all, edges, 2 * edges);
            for (int e = 0; e < edges; e++) {
                for (long node : new long[]{src[e], dst[e]}) {
                    if (node < 0 || node >= nodes) {
                        throw new IllegalArgumentException(OP + ": edge " + e + " (" + src[e] + " -> " + dst[e] + ") names node " + node
                                + ", but there are " + nodes + " nodes (expected indices in [0, " + nodes + "))");
                    }
                }
            }
            return new Structure(edgeIndex, nodes, src, dst);
        }

        Tensor sourceTensor() {
            return derived("sources", () -> Tensor.ofLongs(sources, sources.length));
        }

        Structure withSelfLoops() {
            int n = Math.toIntExact(nodes);
            long kept = 0;
            for (int e = 0; e < sources.length; e++) {
                kept += sources[e] != targets[e] ? 1 : 0;
            }
            long[] src = new long[(int) kept + n];
            long[] dst = new long[(int) kept + n];
            int k = 0;
            for (int e = 0; e < sources.length; e++) {
                if (sources[e] != targets[e]) {
                    src[k] = sources[e];
                    dst[k++] = targets[e];
                }
            }
            for (int i = 0; i < n; i++) {
                src[k] = i;
                dst[k++] = i;
            }
            long[] both = new long[2 * src.length];
            System.arraycopy(src, 0, both, 0, src.length);
            System.arraycopy(dst, 0, both, src.length, dst.length);
            return new Structure(Tensor.ofLongs(both, 2, src.length), nodes, src, dst);
        }

        @SuppressWarnings("unchecked")
        synchronized <T> T derived(String key, Supplier<T> compute) {
            Object v = cache.get(key);
            if (v == null) {
                v = MemoryScope.outside(compute);
                cache.put(key, v);
            }
            return (T) v;
        }
    }
}
