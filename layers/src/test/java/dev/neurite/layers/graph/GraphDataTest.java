package dev.neurite.layers.graph;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The graph input: validation, batching several graphs, self-loops. */
class GraphDataTest {
    private static final Tensor X = Tensor.zeros(3, 2);

    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void rejectsBadStructureNamingExpectedAndActual() {
        assertEquals("graph_data: expected an int64 edge index of shape [2, E] (sources in row 0, targets in row 1), got float32 [2, 2]",
                error(() -> new GraphData(X, Tensor.zeros(2, 2))));
        assertEquals("graph_data: expected an int64 edge index of shape [2, E] (sources in row 0, targets in row 1), got int64 [3, 1]",
                error(() -> new GraphData(X, Tensor.ofLongs(new long[]{0, 1, 2}, 3, 1))));
        assertEquals("graph_data: edge 1 (2 -> 3) names node 3, but there are 3 nodes (expected indices in [0, 3))",
                error(() -> new GraphData(X, Tensor.ofLongs(new long[]{0, 2, 1, 3}, 2, 2))));
        assertEquals("graph_data: edge 0 (-1 -> 1) names node -1, but there are 3 nodes (expected indices in [0, 3))",
                error(() -> new GraphData(X, Tensor.ofLongs(new long[]{-1, 1}, 2, 1))));
        assertEquals("graph_data: expected floating-point node features x of shape [N, F], got float32 [3]",
                error(() -> new GraphData(Tensor.zeros(3), Tensor.ofLongs(new long[]{0, 1}, 2, 1))));
        assertEquals("graph_data: expected floating-point node features x of shape [N, F], got int64 [1, 1]",
                error(() -> new GraphData(Tensor.ofLongs(new long[]{1}, 1, 1), Tensor.ofLongs(new long[]{0, 0}, 2, 1))));
        Tensor edges = Tensor.ofLongs(new long[]{0, 1, 1, 2}, 2, 2);
        assertEquals("graph_data: expected floating-point edge features of shape [2, D] (one row per edge), got float32 [3, 4]",
                error(() -> new GraphData(X, edges, Tensor.zeros(3, 4))));
        assertEquals("graph_data: expected an int64 batch vector of shape [3] (one graph id per node), got int64 [2]",
                error(() -> new GraphData(X, edges, null, Tensor.ofLongs(new long[]{0, 0}, 2))));
        assertEquals("graph_data: batch entry 2 is -1, expected a graph id >= 0",
                error(() -> new GraphData(X, edges, null, Tensor.ofLongs(new long[]{0, 0, -1}, 3))));
        assertEquals("graph_data: expected node features for 3 nodes, got shape [4, 2]",
                error(() -> new GraphData(X, edges).withNodeFeatures(Tensor.zeros(4, 2))));
    }

    @Test
    void describesTheGraph() {
        Tensor edges = Tensor.ofLongs(new long[]{0, 1, 1, 2}, 2, 2);
        GraphData g = new GraphData(X, edges, Tensor.ones(2, 5), Tensor.ofLongs(new long[]{0, 0, 1}, 3));
        assertEquals(3, g.numNodes());
        assertEquals(2, g.numEdges());
        assertEquals(2, g.numGraphs());
        assertSame(edges, g.edgeIndex());
        assertArrayEquals(new long[]{0, 1}, g.sourceIndex().toLongArray());
        assertArrayEquals(new long[]{1, 2}, g.targetIndex().toLongArray());
        assertArrayEquals(new long[]{0, 1, 1}, g.targets().counts());
        assertArrayEquals(new long[]{2, 1}, g.graphs().counts());
        GraphData next = g.withNodeFeatures(Tensor.ones(3, 7));
        assertSame(g.targets(), next.targets());
        assertEquals(1, new GraphData(X, Tensor.ofLongs(new long[0], 2, 0)).numGraphs());
    }

    @Test
    void selfLoopsReplaceExistingOnes() {
        // 1 -> 1 is a loop and is dropped; every node then gets exactly one.
        GraphData g = new GraphData(X, Tensor.ofLongs(new long[]{0, 1, 2, 1, 1, 0}, 2, 3)).withSelfLoops();
        assertArrayEquals(new long[]{0, 2, 0, 1, 2, 1, 0, 0, 1, 2}, g.edgeIndex().toLongArray());
        assertNull(g.edgeAttr());
    }

    @Test
    void batchOffsetsEdgesAndNamesEachNodesGraph() {
        GraphData a = new GraphData(Tensor.of(DType.FLOAT32, new double[]{1, 2}, 2, 1), Tensor.ofLongs(new long[]{0, 1}, 2, 1),
                Tensor.of(DType.FLOAT32, new double[]{9}, 1, 1));
        GraphData b = new GraphData(Tensor.of(DType.FLOAT32, new double[]{3, 4, 5}, 3, 1), Tensor.ofLongs(new long[]{2, 1, 0, 0}, 2, 2),
                Tensor.of(DType.FLOAT32, new double[]{7, 8}, 2, 1));
        GraphData batch = GraphData.batch(List.of(a, b));
        assertEquals(2, batch.numGraphs());
        assertArrayEquals(new double[]{1, 2, 3, 4, 5}, batch.x().toDoubleArray());
        assertArrayEquals(new long[]{0, 4, 3, 1, 2, 2}, batch.edgeIndex().toLongArray());
        assertArrayEquals(new double[]{9, 7, 8}, batch.edgeAttr().toDoubleArray());
        assertArrayEquals(new long[]{0, 0, 1, 1, 1}, batch.batch().toLongArray());
        GraphData plain = new GraphData(Tensor.zeros(1, 1), Tensor.ofLongs(new long[]{0, 0}, 2, 1));
        assertEquals("graph_data: batch needs edge features on every graph or on none, but graph 0 has and graph 1 has none",
                error(() -> GraphData.batch(List.of(a, plain))));
        assertEquals("graph_data: batch takes single graphs, but graph 0 is a batch of 2",
                error(() -> GraphData.batch(List.of(batch))));
    }
}
