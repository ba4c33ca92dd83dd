package dev.neurite.layers.classic;

import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.layers.Fixtures;
import dev.neurite.layers.classic.KNearestNeighbors.Metric;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** k-NN on points whose distances and votes are worked out by hand. */
class KNearestNeighborsTest {
    // a = (0,0) class 0, b = (1,0) class 0, c = (0,3) class 1, d = (4,4) class 1, e = (5,5) class 2.
    private static final Tensor TRAIN = Tensor.of(new float[]{0, 0, 1, 0, 0, 3, 4, 4, 5, 5}, 5, 2);
    private static final Tensor LABELS = Tensor.ofLongs(new long[]{0, 0, 1, 1, 2}, 5);
    private static final Tensor QUERIES = Tensor.of(new float[]{1, 1, 3, 3}, 2, 2);

    @Test
    void distancesByHand() {
        double r2 = Math.sqrt(2);
        Fixtures.assertClose(new double[]{r2, 1, Math.sqrt(5), 3 * r2, 4 * r2, 3 * r2, Math.sqrt(13), 3, r2, 2 * r2},
                new KNearestNeighbors(1, Metric.L2).fit(TRAIN, LABELS).distances(QUERIES).toDoubleArray(), 1e-6, "L2");
        Fixtures.assertClose(new double[]{2, 1, 3, 6, 8, 6, 5, 3, 2, 4},
                new KNearestNeighbors(1, Metric.L1).fit(TRAIN, LABELS).distances(QUERIES).toDoubleArray(), 1e-6, "L1");
    }

    @Test
    void votesByHand() {
        // (1,1): nearest b, then a (both class 0), then c. (3,3): L2 order d, e, c -> 1, 2, 1; L1 order d, c, e -> 1, 1, 2.
        for (Metric m : Metric.values()) {
            assertArrayEquals(new long[]{0, 1}, new KNearestNeighbors(1, m).fit(TRAIN, LABELS).predict(QUERIES).toLongArray());
            assertArrayEquals(new long[]{0, 1}, new KNearestNeighbors(3, m).fit(TRAIN, LABELS).predict(QUERIES).toLongArray());
        }
        // k = 5 at (3,3): votes 0:2, 1:2, 2:1; the tie between 0 and 1 goes to class 1, whose member d is nearest.
        assertArrayEquals(new long[]{0, 1}, new KNearestNeighbors(5, Metric.L2).fit(TRAIN, LABELS).predict(QUERIES).toLongArray());
    }

    @Test
    void theMetricsDisagreeWhereTheyShould() {
        // From (0,0): (3,0) is 3 away in both metrics; (2,2) is 2.83 in L2 but 4 in L1.
        Tensor train = Tensor.of(new float[]{3, 0, 2, 2}, 2, 2);
        Tensor labels = Tensor.ofLongs(new long[]{0, 1}, 2);
        Tensor origin = Tensor.zeros(1, 2);
        assertArrayEquals(new long[]{1}, new KNearestNeighbors(1, Metric.L2).fit(train, labels).predict(origin).toLongArray());
        assertArrayEquals(new long[]{0}, new KNearestNeighbors(1, Metric.L1).fit(train, labels).predict(origin).toLongArray());
    }

    @Test
    void tiesAreDeterministic() {
        // Both training points are 1 away: the earlier one is the nearest, for k = 1 and for the split k = 2 vote.
        Tensor train = Tensor.of(new float[]{1, 0, -1, 0}, 2, 2);
        Tensor origin = Tensor.zeros(1, 2);
        for (int k = 1; k <= 2; k++) {
            assertArrayEquals(new long[]{1}, new KNearestNeighbors(k, Metric.L2)
                    .fit(train, Tensor.ofLongs(new long[]{1, 0}, 2)).predict(origin).toLongArray());
            assertArrayEquals(new long[]{0}, new KNearestNeighbors(k, Metric.L1)
                    .fit(train, Tensor.ofLongs(new long[]{0, 1}, 2)).predict(origin).toLongArray());
        }
    }

    @Test
    void chunkingDoesNotChangeTheAnswer() {
        Tensor train = Tensor.randn(dev.neurite.api.Shape.of(200, 6), 1);
        long[] classes = new long[200];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = (i * 7) % 4;
        }
        Tensor labels = Tensor.ofLongs(classes, 200);
        Tensor queries = Tensor.randn(dev.neurite.api.Shape.of(37, 6), 2);
        for (Metric m : Metric.values()) {
            long[] whole = new KNearestNeighbors(3, m).fit(train, labels).predict(queries).toLongArray();
            // 500 elements: two queries per chunk, and for L1 blocks of 41 training rows.
            long[] chunked = new KNearestNeighbors(3, m, 500).fit(train, labels).predict(queries).toLongArray();
            assertArrayEquals(whole, chunked, m.toString());
        }
    }

    /** The L1 blocks' [q, block, d] temporaries are freed block by block: only the per-block sums outlive the call. */
    @Test
    @SuppressWarnings("try")
    void l1DistancesFreeEachBlocksTemporaries() {
        Tensor a = Tensor.randn(dev.neurite.api.Shape.of(4, 8), 3);
        Tensor b = Tensor.randn(dev.neurite.api.Shape.of(100, 8), 4);
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor d = Distances.l1(a, b, 4 * 8 * 10); // blocks of 10 rows: 10 blocks
            assertArrayEquals(new long[]{4, 100}, d.shape().toArray());
            assertTrue(scope.size() <= 10 + 2, "arrays held after the call: " + scope.size());
        }
    }

    @Test
    void badInputNamesTheProblem() {
        KNearestNeighbors knn = new KNearestNeighbors(3, Metric.L2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> knn.fit(TRAIN.slice(0, 0, 2), LABELS.slice(0, 0, 2)));
        assertTrue(e.getMessage().contains("at least k=3 training rows"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> knn.fit(TRAIN, Tensor.of(new float[]{0, 0, 1, 1, 2}, 5)));
        assertTrue(e.getMessage().contains("expected int64 labels of shape [5]"), e.getMessage());
        knn.fit(TRAIN, LABELS);
        e = assertThrows(IllegalArgumentException.class, () -> knn.predict(Tensor.zeros(2, 3)));
        assertTrue(e.getMessage().contains("expected 2 features"), e.getMessage());
    }
}
