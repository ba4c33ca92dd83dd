package dev.neurite.api.data;

import org.junit.jupiter.api.Test;


import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticImagesTest {
    @Test
    void isDeterministicBalancedAndInRange() {
        InMemoryDataset a = SyntheticImages.generate(1000, 7);
        InMemoryDataset b = SyntheticImages.generate(1000, 7);
        InMemoryDataset c = SyntheticImages.generate(1000, 8);
        assertEquals(SyntheticImages.EXAMPLE_SHAPE, a.exampleShape());
        assertEquals(10, a.numClasses());
        assertEquals(10, SyntheticImages.CLASS_NAMES.size());
        int[] counts = new int[10];
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.example(i), b.example(i));
            counts[(int) a.label(i)]++;
            for (float v : a.example(i)) {
                assertTrue(v >= 0 && v <= 1);
            }
        }
        assertArrayEquals(IntStream.generate(() -> 100).limit(10).toArray(), counts);
        assertFalse(java.util.Arrays.equals(a.example(0), c.example(0)));
    }

    @Test
    void classesDifferOnAverage() {
        InMemoryDataset d = SyntheticImages.generate(2000, 1);
        float[][] means = new float[10][784];
        for (int i = 0; i < d.size(); i++) {
            float[] x = d.example(i);
            for (int p = 0; p < 784; p++) {
                means[(int) d.label(i)][p] += x[p] / 200;
            }
        }
        for (int a = 0; a < 10; a++) {
            for (int b = a + 1; b < 10; b++) {
                double dist = 0;
                for (int p = 0; p < 784; p++) {
                    dist += Math.abs(means[a][p] - means[b][p]);
                }
                assertTrue(dist > 5, "classes " + a + " and " + b + " look alike on average (L1 " + dist + ")");
            }
        }
    }
}
