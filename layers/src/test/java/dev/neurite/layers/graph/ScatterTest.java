package dev.neurite.layers.graph;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradientCheck;
import dev.neurite.api.backend.Distribution;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Sum, mean and max aggregation of messages onto target nodes, by hand on a 4-node graph, and their gradients by
 * hand and by float64 finite differences.
 */
class ScatterTest {
    /** Edges 0->1, 2->1, 3->1, 1->0, 0->2: node 1 hears three neighbours, node 3 none. */
    static final long[][] EDGES = {{0, 2, 3, 1, 0}, {1, 1, 1, 0, 2}};
    static final double[] X = {1, 2, 3, -1, -2, 4, 0.5, 0};
    private static final double[] UPSTREAM = {1, 2, 3, 4, 5, 6, 7, 8};

    static GraphData graph(DType dtype) {
        long[] flat = new long[10];
        System.arraycopy(EDGES[0], 0, flat, 0, 5);
        System.arraycopy(EDGES[1], 0, flat, 5, 5);
        return new GraphData(Tensor.of(dtype, X, 4, 2), Tensor.ofLongs(flat, 2, 5));
    }

    /** Aggregates x_j onto the targets and back-propagates UPSTREAM; returns {output, gradient of x}. */
    private static double[][] run(Aggregation aggregation) {
        GraphData g = graph(DType.FLOAT32);
        Tensor x = g.x().requiresGrad(true);
        Tensor messages = x.gather(0, g.sourceIndex());
        Tensor out = aggregation.apply(messages, g.targets());
        assertEquals(Shape.of(4, 2), out.shape());
        out.backward(Tensor.of(DType.FLOAT32, UPSTREAM, 4, 2));
        return new double[][]{out.toDoubleArray(), x.grad().toDoubleArray()};
    }

    @Test
    void sumByHand() {
        double[][] r = run(Aggregation.SUM);
        // node 0 <- x1; node 1 <- x0 + x2 + x3; node 2 <- x0; node 3 <- nothing.
        assertArrayEquals(new double[]{3, -1, -0.5, 6, 1, 2, 0, 0}, r[0], 1e-6);
        // Each source receives the upstream gradient of every target it sends to: x0 -> 1, 2; x1 -> 0; x2, x3 -> 1.
        assertArrayEquals(new double[]{3 + 5, 4 + 6, 1, 2, 3, 4, 3, 4}, r[1], 1e-6);
    }

    @Test
    void meanByHand() {
        double[][] r = run(Aggregation.MEAN);
        assertArrayEquals(new double[]{3, -1, -0.5 / 3, 2, 1, 2, 0, 0}, r[0], 1e-6);
        assertArrayEquals(new double[]{3 / 3.0 + 5, 4 / 3.0 + 6, 1, 2, 1, 4 / 3.0, 1, 4 / 3.0}, r[1], 1e-6);
    }

    @Test
    void maxByHandRoutesTheGradientToTheArgmax() {
        double[][] r = run(Aggregation.MAX);
        // node 1: max(1, -2, 0.5) = 1 from x0, max(2, 4, 0) = 4 from x2; node 3 is empty and gives 0.
        assertArrayEquals(new double[]{3, -1, 1, 4, 1, 2, 0, 0}, r[0], 1e-6);
        // x0 wins feature 0 at node 1 (upstream 3) and is node 2's only message (5, 6); x2 wins feature 1 at node 1 (4);
        // x1 is node 0's only message (1, 2); x3 wins nothing.
        assertArrayEquals(new double[]{3 + 5, 6, 1, 2, 0, 4, 0, 0}, r[1], 1e-6);
    }

    @Test
    void emptyGroupsAggregateToZero() {
        GroupIndex groups = new GroupIndex(new long[]{2, 2}, 4);
        Tensor src = Tensor.of(DType.FLOAT32, new double[]{-3, -1, -5, -2}, 2, 2);
        assertArrayEquals(new double[]{0, 0, 0, 0, -8, -3, 0, 0}, Scatter.sum(src, groups).toDoubleArray(), 1e-6);
        assertArrayEquals(new double[]{0, 0, 0, 0, -4, -1.5, 0, 0}, Scatter.mean(src, groups).toDoubleArray(), 1e-6);
        // Negative messages: the empty groups' 0 is not a candidate of the non-empty group's maximum.
        assertArrayEquals(new double[]{0, 0, 0, 0, -3, -1, 0, 0}, Scatter.max(src, groups).toDoubleArray(), 1e-6);
        Tensor none = Tensor.zeros(Shape.of(0, 3), DType.FLOAT32);
        GroupIndex noRows = new GroupIndex(new long[0], 2);
        for (Aggregation a : Aggregation.values()) {
            assertArrayEquals(new double[6], a.apply(none, noRows).toDoubleArray(), a.id());
        }
    }

    @Test
    void softmaxNormalisesEachGroup() {
        GroupIndex groups = new GroupIndex(new long[]{0, 1, 0, 0, 1}, 3);
        Tensor s = Scatter.softmax(Tensor.of(DType.FLOAT64, new double[]{1, 2, 3, 1000, -1}, 5), groups);
        double[] v = s.toDoubleArray();
        double z = Math.exp(1 - 1000) + Math.exp(3 - 1000) + 1;
        assertArrayEquals(new double[]{Math.exp(-999) / z, 1 / (1 + Math.exp(-3)), Math.exp(-997) / z, 1 / z,
                Math.exp(-3) / (1 + Math.exp(-3))}, v, 1e-12);
    }

    private static Tensor messages64(long rows, long... trailing) {
        long[] shape = new long[trailing.length + 1];
        shape[0] = rows;
        System.arraycopy(trailing, 0, shape, 1, trailing.length);
        return Tensor.random(Shape.of(shape), DType.FLOAT64, Distribution.NORMAL, 0, 1, 5).requiresGrad(true);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        // 7 rows onto 4 groups (group 3 empty), with a trailing [2, 3] block as multi-head messages have.
        GroupIndex groups = new GroupIndex(new long[]{1, 0, 1, 2, 1, 0, 2}, 4);
        Tensor src = messages64(7, 2, 3);
        GradientCheck.assertGradients(in -> Scatter.sum(in.get(0), groups), List.of(src));
        GradientCheck.assertGradients(in -> Scatter.mean(in.get(0), groups), List.of(src));
        GradientCheck.assertGradients(in -> Scatter.max(in.get(0), groups), List.of(src));
        GradientCheck.assertGradients(in -> Scatter.softmax(in.get(0), groups), List.of(src));
        Tensor flat = messages64(7);
        GradientCheck.assertGradients(in -> Scatter.max(in.get(0), groups), List.of(flat));
        GradientCheck.assertGradients(in -> Scatter.softmax(in.get(0).mul(3), groups), List.of(flat));
    }

    @Test
    void badInputIsNamed() {
        GroupIndex groups = new GroupIndex(new long[]{0, 1}, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scatter.sum(Tensor.zeros(3, 2), groups));
        assertEquals("scatter_sum: expected 2 rows (one per index entry), got shape [3, 2]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Scatter.max(Tensor.ofLongs(new long[]{1, 2}, 2), groups));
        assertEquals("scatter_max: expected floating-point values, got int64 [2]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new GroupIndex(new long[]{0, 2}, 2));
        assertEquals("group_index: index 1 is 2, expected a value in [0, 2)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GroupIndex.of(Tensor.zeros(2), 2));
        assertEquals("group_index: expected an int64 index of shape [rows], got float32 [2]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Aggregation.fromId("median"));
        assertEquals("aggregation: expected one of [sum, mean, max], got 'median'", e.getMessage());
        assertEquals(Aggregation.SUM, Aggregation.fromId("add"));
    }
}
