package dev.neurite.layers.classic;

import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KMeansTest {

    /**
     * Points (0,0), (0,2), (4,0), (6,0) from centres (0,0) and (5,0): (0,0), (0,2) go to the first, (4,0), (6,0) to the
     * second ((0,2) is 4 from (0,0) and 29 from (5,0)). The update moves the centres to (0,1) and (5,0); the inertia
     * at those centres is 1 + 1 + 1 + 1 = 4.
     */
    @Test
    void oneLloydIterationByHand() {
        Tensor x = Tensor.of(new float[]{0, 0, 0, 2, 4, 0, 6, 0}, 4, 2);
        KMeans.Result r = new KMeans(2, 1, 0, 0).fit(x, new double[][]{{0, 0}, {5, 0}});
        assertEquals(1, r.iterations());
        assertArrayEquals(new double[]{0, 1}, r.centres()[0], 1e-6);
        assertArrayEquals(new double[]{5, 0}, r.centres()[1], 1e-6);
        assertArrayEquals(new long[]{0, 0, 1, 1}, r.assignments());
        assertEquals(4, r.inertia(), 1e-5);
        // A second iteration changes nothing, so with any tolerance it stops there, converged.
        KMeans.Result more = new KMeans(2, 10, 1e-9, 0).fit(x, new double[][]{{0, 0}, {5, 0}});
        assertEquals(2, more.iterations());
        assertTrue(more.converged());
    }

    @Test
    void recoversWellSeparatedBlobs() {
        double[][] truth = {{0, 0, 0}, {10, 0, 0}, {0, 10, 0}, {0, 0, 10}};
        int perBlob = 50;
        float[] points = new float[truth.length * perBlob * 3];
        long[] labels = new long[truth.length * perBlob];
        float[] noise = Tensor.randn(Shape.of(points.length), 11).toFloatArray();
        for (int b = 0, i = 0; b < truth.length; b++) {
            for (int p = 0; p < perBlob; p++, i++) {
                labels[i] = b;
                for (int j = 0; j < 3; j++) {
                    points[3 * i + j] = (float) truth[b][j] + 0.5f * noise[3 * i + j];
                }
            }
        }
        Tensor x = Tensor.of(points, labels.length, 3);
        for (long seed = 1; seed <= 3; seed++) {
            KMeans.Result r = new KMeans(4, 100, 1e-6, seed).fit(x);
            assertTrue(r.converged(), r.toString());
            assertEquals(1.0, KMeans.purity(r.assignments(), labels), "seed " + seed);
            // Each centre is the sample mean of one blob (the fixed point of a correct clustering), near its true centre.
            for (int b = 0; b < truth.length; b++) {
                double[] mean = new double[3];
                for (int i = b * perBlob; i < (b + 1) * perBlob; i++) {
                    for (int j = 0; j < 3; j++) {
                        mean[j] += points[3 * i + j] / (double) perBlob;
                    }
                }
                double[] centre = r.centres()[(int) r.assignments()[b * perBlob]];
                assertArrayEquals(mean, centre, 1e-4, "seed " + seed + " blob " + b);
                assertTrue(distance(centre, truth[b]) < 0.4, Arrays.toString(centre));
            }
            // Inertia is about n * d * sigma^2 = 200 * 3 * 0.25 for the right clustering.
            assertEquals(150, r.inertia(), 40);
        }
        assertArrayEquals(new KMeans(4, 100, 1e-6, 7).fit(x).assignments(), new KMeans(4, 100, 1e-6, 7).fit(x).assignments());
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    @Test
    void purityByHand() {
        // Cluster 0 holds labels 1,1,2 (majority 2 of 3), cluster 1 holds 0,0 (2 of 2): 4 of 5.
        assertEquals(0.8, KMeans.purity(new long[]{0, 0, 0, 1, 1}, new long[]{1, 1, 2, 0, 0}), 1e-12);
    }

    @Test
    void needsAtLeastKRows() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KMeans(5, 10, 1e-4, 0).fit(Tensor.zeros(3, 2)));
        assertTrue(e.getMessage().contains("k-means: expected at least k=5 rows"), e.getMessage());
    }
}
