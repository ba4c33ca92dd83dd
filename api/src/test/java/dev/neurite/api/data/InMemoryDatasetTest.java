package dev.neurite.api.data;

import dev.neurite.api.Shape;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemoryDatasetTest {
    private static InMemoryDataset identity(int n) {
        float[] f = new float[n];
        long[] l = new long[n];
        for (int i = 0; i < n; i++) {
            f[i] = i;
            l[i] = i % 4;
        }
        return new InMemoryDataset(f, Shape.of(1), l, 4);
    }

    private static int[] ids(Dataset d) {
        int[] all = IntStream.range(0, d.size()).toArray();
        float[] f = new float[d.size()];
        d.copyFeatures(all, f);
        return IntStream.range(0, f.length).map(i -> (int) f[i]).toArray();
    }

    @Test
    void splitPartitionsReproducibly() {
        InMemoryDataset data = identity(100);
        Dataset.Split s = data.split(0.9, 11);
        assertEquals(90, s.train().size());
        assertEquals(10, s.validation().size());
        int[] both = IntStream.concat(Arrays.stream(ids(s.train())), Arrays.stream(ids(s.validation()))).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 100).toArray(), both);
        assertArrayEquals(ids(s.validation()), ids(data.split(0.9, 11).validation()));
        assertTrue(!Arrays.equals(ids(s.validation()), ids(data.split(0.9, 12).validation())));
        assertEquals(4, s.train().numClasses());
        assertEquals(Shape.of(1), s.validation().exampleShape());
    }

    @Test
    void subsetsOfSubsetsMapToTheBase() {
        Dataset sub = identity(10).subset(new int[]{9, 7, 5, 3}).subset(new int[]{3, 0});
        assertArrayEquals(new int[]{3, 9}, ids(sub));
        long[] labels = new long[2];
        sub.copyLabels(new int[]{0, 1}, labels);
        assertArrayEquals(new long[]{3, 1}, labels);
    }

    @Test
    void rejectsInconsistentArrays() {
        assertThrows(IllegalArgumentException.class, () -> new InMemoryDataset(new float[5], Shape.of(2), new long[3], 2));
        assertThrows(IllegalArgumentException.class, () -> new InMemoryDataset(new float[2], Shape.of(1), new long[]{0, 2}, 2));
        assertThrows(IllegalArgumentException.class, () -> identity(3).subset(new int[]{3}));
        assertThrows(IllegalArgumentException.class, () -> identity(3).split(1.5, 0));
    }
}
