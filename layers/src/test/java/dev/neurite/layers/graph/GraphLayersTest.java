package dev.neurite.layers.graph;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Sequential;
import dev.neurite.layers.FiniteDifference;
import dev.neurite.layers.activation.ReLU;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.init.Initializers;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * GCNConv, SAGEConv, GINConv, GATConv, a custom MessagePassing layer with edge features and GlobalPool: values by
 * hand on the 4-node graph of {@link ScatterTest}, float64 finite differences, and permutation equivariance.
 */
class GraphLayersTest {
    private static final double[] IDENTITY = {1, 0, 0, 1};
    private static final double R8 = Math.sqrt(8);

    @SuppressWarnings("try")
    private static void set(Tensor parameter, double... values) {
        try (GradMode.Guard g = GradMode.noGrad()) {
            parameter.copyFrom(Tensor.of(parameter.dtype(), values, parameter.shape().toArray()));
        }
    }

    private static GraphData graph() {
        return ScatterTest.graph(DType.FLOAT32);
    }

    @Test
    void gcnByHand() {
        GCNConv conv = new GCNConv(2, 2, true, true, true, DType.FLOAT32, 1);
        set(conv.lin().weight(), IDENTITY);
        set(conv.bias(), 0.5, -0.5);
        // With self-loops the in-degrees are 2, 4, 2, 1; edge j -> i carries x_j / sqrt(deg j * deg i).
        double[] expected = {
                3 / R8 + 0.5 + 0.5, -1 / R8 + 1 - 0.5,                      // x1 / sqrt(4 * 2) + x0 / 2
                (1 - 2) / R8 + 0.25 + 0.75 + 0.5, (2 + 4) / R8 - 0.25 - 0.5, // (x0 + x2) / sqrt 8 + x3 / 2 + x1 / 4
                0.5 - 1 + 0.5, 1 + 2 - 0.5,                                  // x0 / 2 + x2 / 2
                0.5 + 0.5, 0 - 0.5};                                         // x3 alone (degree 1)
        assertArrayEquals(expected, conv.forward(graph()).toDoubleArray(), 1e-6);
    }

    @Test
    void sageByHand() {
        SAGEConv conv = new SAGEConv(2, 2, Aggregation.MEAN, true, true, false, DType.FLOAT32, 1);
        set(conv.linL().weight(), IDENTITY);
        set(conv.linL().bias(), 0, 0);
        set(conv.linR().weight(), 0, 1, 1, 0); // swaps the root's two features
        double[] expected = {3 + 2, -1 + 1, -0.5 / 3 - 1, 2 + 3, 1 + 4, 2 - 2, 0 + 0, 0 + 0.5};
        assertArrayEquals(expected, conv.forward(graph()).toDoubleArray(), 1e-6);
    }

    @Test
    void ginByHand() {
        Dense identity = new Dense(2, 2, true, Initializers.constant(0), Initializers.zeros(), DType.FLOAT32, 1);
        set(identity.weight(), IDENTITY);
        GINConv conv = new GINConv(identity, 0.5, false, DType.FLOAT32);
        // 1.5 x_i + sum of the neighbours.
        double[] expected = {1.5 + 3, 3 - 1, 4.5 - 0.5, -1.5 + 6, -3 + 1, 6 + 2, 0.75, 0};
        assertArrayEquals(expected, conv.forward(graph()).toDoubleArray(), 1e-6);
    }

    private static double lrelu(double v) {
        return v > 0 ? v : 0.2 * v;
    }

    /** sum_k softmax(scores)_k * values_k, per feature. */
    private static double[] attend(double[] scores, double[][] values) {
        double z = 0;
        double[] out = new double[values[0].length];
        for (double s : scores) {
            z += Math.exp(s);
        }
        for (int k = 0; k < scores.length; k++) {
            for (int f = 0; f < out.length; f++) {
                out[f] += Math.exp(scores[k]) / z * values[k][f];
            }
        }
        return out;
    }

    @Test
    void gatByHand() {
        GATConv conv = new GATConv(2, 2, 1, true, 0.2, 0, true, true, DType.FLOAT32, 1);
        set(conv.parameters().get("lin.weight"), IDENTITY);
        set(conv.parameters().get("att_src"), 1, 0);
        set(conv.parameters().get("att_dst"), 0, 1);
        set(conv.parameters().get("bias"), 0, 0);
        // Score of j -> i: LeakyReLU(x_j[0] + x_i[1]), soft-maxed over i's incoming edges and its self-loop.
        double[][] x = {{1, 2}, {3, -1}, {-2, 4}, {0.5, 0}};
        double[] n0 = attend(new double[]{lrelu(3 + 2), lrelu(1 + 2)}, new double[][]{x[1], x[0]});
        double[] n1 = attend(new double[]{lrelu(1 - 1), lrelu(-2 - 1), lrelu(0.5 - 1), lrelu(3 - 1)},
                new double[][]{x[0], x[2], x[3], x[1]});
        double[] n2 = attend(new double[]{lrelu(1 + 4), lrelu(-2 + 4)}, new double[][]{x[0], x[2]});
        double[] expected = {n0[0], n0[1], n1[0], n1[1], n2[0], n2[1], 0.5, 0};
        assertArrayEquals(expected, conv.forward(graph()).toDoubleArray(), 1e-6);
        // The attention over node 1's incoming edges sums to one; node 3 attends only to itself.
        double[] alpha = conv.attention(graph().x(), graph()).toDoubleArray();
        assertEquals(9, alpha.length);
        assertEquals(1, alpha[0] + alpha[1] + alpha[2] + alpha[6], 1e-6);
        assertEquals(1, alpha[8], 1e-6);
    }

    /** Messages from the edge features: m_ij = x_j * e_ij, max-aggregated, plus the root. */
    static final class EdgeGated extends MessagePassing {
        EdgeGated() {
            super(Aggregation.MAX);
        }

        @Override
        protected Tensor message(EdgeInputs edges) {
            return edges.sourceFeatures().mul(edges.edgeAttr());
        }

        @Override
        protected Tensor update(Tensor aggregated, Tensor x, GraphData graph) {
            return aggregated.add(x);
        }

        @Override
        public String typeId() {
            return "edge_gated";
        }

        @Override
        public dev.neurite.api.nn.Config config() {
            return dev.neurite.api.nn.Config.empty();
        }
    }

    @Test
    void customMessagesSeeEdgeFeatures() {
        GraphData g = graph();
        Tensor e = Tensor.of(DType.FLOAT32, new double[]{1, 1, -1, 2, 2, 0, 3, 1, 1, 1}, 5, 2);
        Tensor y = new EdgeGated().forward(List.of(g.x(), g.edgeIndex(), e));
        // node 0 <- x1 * [3, 1]; node 1 <- max([1, 2] * [1, 1], [-2, 4] * [-1, 2], [0.5, 0] * [2, 0]); node 2 <- x0 * [1, 1].
        double[] expected = {9 + 1, -1 + 2, 2 + 3, 8 - 1, 1 - 2, 2 + 4, 0.5, 0};
        assertArrayEquals(expected, y.toDoubleArray(), 1e-6);
    }

    @Test
    void readoutByHand() {
        Tensor x = Tensor.of(DType.FLOAT32, new double[]{1, -2, 3, 4, -5, 6, 0, 1}, 4, 2);
        Tensor batch = Tensor.ofLongs(new long[]{0, 1, 0, 1}, 4);
        assertArrayEquals(new double[]{-4, 4, 3, 5}, new GlobalPool(Aggregation.SUM).forward(List.of(x, batch)).toDoubleArray(), 1e-6);
        assertArrayEquals(new double[]{-2, 2, 1.5, 2.5}, new GlobalPool(Aggregation.MEAN).forward(List.of(x, batch)).toDoubleArray(), 1e-6);
        assertArrayEquals(new double[]{1, 6, 3, 4}, new GlobalPool(Aggregation.MAX).forward(List.of(x, batch)).toDoubleArray(), 1e-6);
        assertArrayEquals(new double[]{-1, 9}, new GlobalPool(Aggregation.SUM).forward(x).toDoubleArray(), 1e-6);
        GraphData g = new GraphData(x, Tensor.ofLongs(new long[]{0, 1}, 2, 1), null, batch);
        assertArrayEquals(new double[]{1, 6, 3, 4}, new GlobalPool(Aggregation.MAX).forward(g).toDoubleArray(), 1e-6);
    }

    // ---------------------------------------------------------------- gradients

    private static GraphData graph64(long features) {
        GraphData g = ScatterTest.graph(DType.FLOAT64);
        Tensor x = Tensor.random(Shape.of(4, features), DType.FLOAT64, Distribution.NORMAL, 0, 1, 23).requiresGrad(true);
        return g.withNodeFeatures(x);
    }

    private static void check(Layer layer, GraphData g, Function<GraphData, Tensor> forward) {
        List<Tensor> leaves = new ArrayList<>(List.of(g.x()));
        leaves.addAll(layer.parameters().values());
        FiniteDifference.assertGradients(() -> forward.apply(g), leaves, 1e-6, 1e-6);
    }

    @Test
    void layerGradientsMatchFiniteDifferences() {
        GCNConv gcn = new GCNConv(3, 2, true, true, true, DType.FLOAT64, 3);
        check(gcn, graph64(3), gcn::forward);
        for (Aggregation a : Aggregation.values()) {
            SAGEConv sage = new SAGEConv(3, 2, a, true, true, true, DType.FLOAT64, 4);
            check(sage, graph64(3), sage::forward);
        }
        GINConv gin = new GINConv(new Sequential(new Dense(3, 4, true, Initializers.pytorchDefault(), Initializers.pytorchDefault(),
                DType.FLOAT64, 5), new ReLU(), new Dense(4, 2, true, Initializers.pytorchDefault(), Initializers.pytorchDefault(),
                DType.FLOAT64, 6)), 0.1, true, DType.FLOAT64);
        check(gin, graph64(3), gin::forward);
        GATConv gat = new GATConv(3, 2, 2, true, 0.2, 0, true, true, DType.FLOAT64, 7);
        check(gat, graph64(3), gat::forward);
        GATConv gatMean = new GATConv(3, 2, 3, false, 0.2, 0, true, true, DType.FLOAT64, 8);
        check(gatMean, graph64(3), gatMean::forward);
        GraphData g = graph64(2);
        Tensor e = Tensor.random(Shape.of(5, 2), DType.FLOAT64, Distribution.NORMAL, 0, 1, 9).requiresGrad(true);
        EdgeGated custom = new EdgeGated();
        FiniteDifference.assertGradients(() -> custom.forward(List.of(g.x(), g.edgeIndex(), e)), List.of(g.x(), e), 1e-6, 1e-6);
        GlobalPool pool = new GlobalPool(Aggregation.MAX);
        Tensor batch = Tensor.ofLongs(new long[]{1, 0, 1, 1}, 4);
        FiniteDifference.assertGradients(() -> pool.forward(List.of(g.x(), batch)), List.of(g.x()), 1e-6, 1e-6);
    }

    // ---------------------------------------------------------------- permutation

    @Test
    void relabellingNodesPermutesTheOutputs() {
        int n = 7;
        long[][] edges = {{0, 1, 2, 3, 4, 5, 6, 0, 2, 5, 3}, {1, 2, 3, 4, 5, 6, 0, 3, 5, 1, 3}};
        int[] perm = {3, 6, 0, 5, 1, 4, 2}; // new label of old node i
        Tensor x = Tensor.random(Shape.of(n, 3), DType.FLOAT64, Distribution.NORMAL, 0, 1, 31);
        double[] xv = x.toDoubleArray();
        double[] px = new double[xv.length];
        for (int i = 0; i < n; i++) {
            System.arraycopy(xv, 3 * i, px, 3 * perm[i], 3);
        }
        long[] flat = new long[2 * edges[0].length];
        long[] pflat = new long[flat.length];
        int m = edges[0].length;
        for (int k = 0; k < m; k++) {
            // Edges listed in reverse order as well: the order of the edge list must not matter either.
            flat[k] = edges[0][k];
            flat[m + k] = edges[1][k];
            pflat[m - 1 - k] = perm[(int) edges[0][k]];
            pflat[2 * m - 1 - k] = perm[(int) edges[1][k]];
        }
        GraphData g = new GraphData(x, Tensor.ofLongs(flat, 2, m));
        GraphData pg = new GraphData(Tensor.of(DType.FLOAT64, px, n, 3), Tensor.ofLongs(pflat, 2, m));
        List<MessagePassing> layers = new ArrayList<>(List.of(new GCNConv(3, 4, true, true, true, DType.FLOAT64, 1),
                new GATConv(3, 2, 2, true, 0.2, 0, true, true, DType.FLOAT64, 2),
                new GINConv(new Dense(3, 4, true, Initializers.pytorchDefault(), Initializers.pytorchDefault(), DType.FLOAT64, 3), 0.2,
                        false, DType.FLOAT64)));
        for (Aggregation a : Aggregation.values()) {
            layers.add(new SAGEConv(3, 4, a, true, true, false, DType.FLOAT64, 4));
        }
        for (MessagePassing layer : layers) {
            double[] y = layer.forward(g).toDoubleArray();
            double[] py = layer.forward(pg).toDoubleArray();
            int w = y.length / n;
            for (int i = 0; i < n; i++) {
                for (int f = 0; f < w; f++) {
                    assertEquals(y[w * i + f], py[w * perm[i] + f], 1e-12, layer.typeId() + " node " + i);
                }
            }
        }
    }

    // ---------------------------------------------------------------- errors

    @Test
    void badInputIsNamed() {
        GCNConv gcn = new GCNConv(3, 2, true, true, true, DType.FLOAT32, 1);
        GraphData g = graph();
        assertEquals("gcn_conv: expected 3 input features per node, got shape [4, 2]",
                assertThrows(IllegalArgumentException.class, () -> gcn.forward(g)).getMessage());
        assertEquals("gcn_conv: a graph layer needs the edges too: pass [x, edge_index] (or [x, edge_index, edge_attr]) or a GraphData, "
                + "got one tensor [4, 3]", assertThrows(IllegalArgumentException.class, () -> gcn.forward(Tensor.zeros(4, 3))).getMessage());
        assertEquals("gcn_conv: expected node features [4, F] (one row per node), got [5, 3]",
                assertThrows(IllegalArgumentException.class, () -> gcn.forward(Tensor.zeros(5, 3), g)).getMessage());
        assertEquals("gcn_conv: expected 2 inputs [x, edge_index] or 3 [x, edge_index, edge_attr], got 1",
                assertThrows(IllegalArgumentException.class, () -> gcn.forward(List.of(Tensor.zeros(4, 3)))).getMessage());
        assertEquals("gcn_conv: node feature dtype float64 does not match the layer's float32",
                assertThrows(IllegalArgumentException.class, () -> gcn.forward(ScatterTest.graph(DType.FLOAT64).withNodeFeatures(
                        Tensor.zeros(Shape.of(4, 3), DType.FLOAT64)))).getMessage());
        assertEquals("global_pool: expected an int64 batch vector of shape [4] (one graph id per node), got float32 [4]",
                assertThrows(IllegalArgumentException.class, () -> new GlobalPool(Aggregation.SUM).forward(List.of(g.x(), Tensor.zeros(4))))
                        .getMessage());
        assertEquals("gat_conv: dropout must be in [0, 1), got 1.0", assertThrows(IllegalArgumentException.class,
                () -> new GATConv(2, 2, 1, true, 0.2, 1, true, true, DType.FLOAT32, 1)).getMessage());
    }
}
