package dev.neurite.api.data;

import dev.neurite.api.DType;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchTest {
    private static InMemoryDataset images(int n) {
        float[] f = new float[n * 4];
        long[] l = new long[n];
        for (int i = 0; i < f.length; i++) {
            f[i] = i / 100f;
        }
        for (int i = 0; i < n; i++) {
            l[i] = i % 3;
        }
        return new InMemoryDataset(f, Shape.of(1, 2, 2), l, 3);
    }

    @Test
    void batchesAreTensorsOfTheExampleShapeWithInt64Labels() {
        try (DataLoader loader = DataLoader.builder(images(5)).batchSize(2).build()) {
            List<Integer> sizes = new ArrayList<>();
            for (Batch b : loader.epoch(0)) {
                sizes.add(b.size());
                assertEquals(Shape.of(b.size(), 1, 2, 2), b.features().shape());
                assertEquals(DType.FLOAT32, b.features().dtype());
                assertEquals(Shape.of(b.size()), b.labels().shape());
                assertEquals(DType.INT64, b.labels().dtype());
            }
            assertEquals(List.of(2, 2, 1), sizes);
            Batch first = loader.epoch(1).next();
            assertArrayEquals(new float[]{0, 0.01f, 0.02f, 0.03f, 0.04f, 0.05f, 0.06f, 0.07f}, first.features().toFloatArray());
            assertArrayEquals(new long[]{0, 1}, first.labels().toLongArray());
        }
    }

    @Test
    void eachBatchIsReleasedWhenTheNextIsFetchedUnlessKept() {
        try (DataLoader loader = DataLoader.builder(images(6)).batchSize(2).build()) {
            Epoch<Batch> epoch = loader.epoch(0);
            Batch first = epoch.next();
            Batch second = epoch.next();
            assertTrue(first.features().data().isClosed() && first.labels().data().isClosed());
            assertFalse(second.features().data().isClosed());
            Batch third = epoch.next();
            assertFalse(epoch.hasNext());
            assertTrue(third.features().data().isClosed(), "the last batch is released when the epoch ends");
        }
        try (DataLoader loader = DataLoader.builder(images(6)).batchSize(2).releaseBatches(false).build()) {
            List<Batch> kept = new ArrayList<>();
            loader.epoch(0).forEach(kept::add);
            kept.forEach(b -> assertFalse(b.features().data().isClosed()));
            kept.forEach(Batch::close);
        }
    }

    @Test
    void tensorsBelongToTheConsumersMemoryScope() {
        try (DataLoader loader = DataLoader.builder(images(4)).batchSize(2).releaseBatches(false).build()) {
            Epoch<Batch> epoch = loader.epoch(0);
            Tensor features;
            try (MemoryScope scope = MemoryScope.open()) {
                features = epoch.next().features();
                assertEquals(2, scope.size());
            }
            assertTrue(features.data().isClosed());
        }
    }
}
