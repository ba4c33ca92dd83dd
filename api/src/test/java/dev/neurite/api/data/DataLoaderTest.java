package dev.neurite.api.data;

import dev.neurite.api.Shape;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataLoaderTest {
    /** Example i has features {i, i + 0.5} and label i % 7, so a batch tells which examples it holds. */
    private static InMemoryDataset numbered(int n) {
        float[] f = new float[2 * n];
        long[] l = new long[n];
        for (int i = 0; i < n; i++) {
            f[2 * i] = i;
            f[2 * i + 1] = i + 0.5f;
            l[i] = i % 7;
        }
        return new InMemoryDataset(f, Shape.of(2), l, 7);
    }

    private static List<int[]> indices(DataLoader loader, int epoch) {
        List<int[]> batches = new ArrayList<>();
        try (Epoch<BatchArrays> e = loader.arrays(epoch)) {
            for (BatchArrays b : e) {
                int[] idx = new int[b.size()];
                for (int i = 0; i < b.size(); i++) {
                    idx[i] = (int) b.features()[2 * i];
                    assertEquals(idx[i] + 0.5f, b.features()[2 * i + 1]);
                    assertEquals(idx[i] % 7, b.labels()[i]);
                }
                batches.add(idx);
            }
        }
        return batches;
    }

    private static int[] flat(List<int[]> batches) {
        return batches.stream().flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void everyExampleOncePerEpochInBatchesOfTheRequestedSize() {
        try (DataLoader loader = DataLoader.builder(numbered(103)).batchSize(10).shuffle(5).build()) {
            assertEquals(11, loader.batchesPerEpoch());
            for (int epoch = 0; epoch < 3; epoch++) {
                List<int[]> batches = indices(loader, epoch);
                assertEquals(11, batches.size());
                batches.subList(0, 10).forEach(b -> assertEquals(10, b.length));
                assertEquals(3, batches.get(10).length);
                int[] all = flat(batches);
                Arrays.sort(all);
                for (int i = 0; i < 103; i++) {
                    assertEquals(i, all[i]);
                }
            }
        }
    }

    @Test
    void orderDependsOnlyOnSeedAndEpoch() {
        InMemoryDataset data = numbered(50);
        try (DataLoader a = DataLoader.builder(data).batchSize(8).shuffle(42).build();
             DataLoader b = DataLoader.builder(data).batchSize(8).shuffle(42).prefetch(0).build();
             DataLoader c = DataLoader.builder(data).batchSize(8).shuffle(43).build()) {
            int[] a1 = flat(indices(a, 1));
            assertArrayEquals(a1, flat(indices(b, 1)));
            assertArrayEquals(a1, flat(indices(a, 1)));
            assertArrayEquals(a1, a.order(1));
            assertFalse(Arrays.equals(a1, flat(indices(a, 2))));
            assertFalse(Arrays.equals(a1, flat(indices(c, 1))));
        }
    }

    @Test
    void withoutShuffleTheOrderIsTheDatasetOrder() {
        try (DataLoader loader = DataLoader.builder(numbered(5)).batchSize(2).build()) {
            assertArrayEquals(new int[]{0, 1, 2, 3, 4}, flat(indices(loader, 3)));
        }
    }

    @Test
    void dropLastSkipsTheShortBatch() {
        try (DataLoader loader = DataLoader.builder(numbered(10)).batchSize(3).shuffle(1).dropLast(true).build()) {
            assertEquals(3, loader.batchesPerEpoch());
            List<int[]> batches = indices(loader, 0);
            assertEquals(3, batches.size());
            batches.forEach(b -> assertEquals(3, b.length));
            assertEquals(9, Arrays.stream(flat(batches)).distinct().count());
        }
        try (DataLoader loader = DataLoader.builder(numbered(2)).batchSize(3).dropLast(true).build()) {
            assertEquals(0, loader.batchesPerEpoch());
            assertTrue(indices(loader, 0).isEmpty());
        }
    }

    @Test
    void assemblesMultiDimensionalExamples() {
        int n = 6;
        float[] f = new float[n * 6];
        for (int i = 0; i < f.length; i++) {
            f[i] = i;
        }
        InMemoryDataset data = new InMemoryDataset(f, Shape.of(2, 3), new long[]{0, 1, 2, 0, 1, 2}, 3);
        try (DataLoader loader = DataLoader.builder(data.subset(new int[]{4, 1, 5})).batchSize(2).build();
             Epoch<BatchArrays> epoch = loader.arrays(0)) {
            BatchArrays first = epoch.next();
            assertEquals(Shape.of(2, 3), first.exampleShape());
            assertArrayEquals(new float[]{24, 25, 26, 27, 28, 29, 6, 7, 8, 9, 10, 11}, first.features());
            assertArrayEquals(new long[]{1, 1}, first.labels());
            BatchArrays second = epoch.next();
            assertEquals(1, second.size());
            assertArrayEquals(new float[]{30, 31, 32, 33, 34, 35}, second.features());
            assertFalse(epoch.hasNext());
        }
    }

    @Test
    void transformRunsOnThePrefetchThreadReproducibly() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Transform noise = (batch, random) -> {
            threads.add(Thread.currentThread().getName());
            for (int i = 0; i < batch.features().length; i++) {
                batch.features()[i] += (float) random.nextDouble();
            }
        };
        InMemoryDataset data = numbered(20);
        float[][] runs = new float[2][];
        for (int r = 0; r < 2; r++) {
            try (DataLoader loader = DataLoader.builder(data).batchSize(4).shuffle(3).transform(noise).build()) {
                List<Float> values = new ArrayList<>();
                for (BatchArrays b : loader.arrays(0)) {
                    for (float v : b.features()) {
                        values.add(v);
                    }
                }
                runs[r] = new float[values.size()];
                for (int i = 0; i < values.size(); i++) {
                    runs[r][i] = values.get(i);
                }
            }
        }
        assertArrayEquals(runs[0], runs[1]);
        assertEquals(Set.of(Prefetcher.THREAD_NAME), threads);
        assertNotEquals(0f, runs[0][0] % 1);
    }

    @Test
    void aFailureWhilePreparingABatchReachesTheConsumer() {
        Dataset broken = new DelegatingDataset(numbered(10)) {
            @Override
            public void copyFeatures(int[] indices, float[] dest) {
                throw new IllegalArgumentException("disk on fire");
            }
        };
        try (DataLoader loader = DataLoader.builder(broken).batchSize(4).build()) {
            Epoch<BatchArrays> epoch = loader.arrays(0);
            IllegalStateException e = assertThrows(IllegalStateException.class, epoch::next);
            assertTrue(e.getMessage().contains("disk on fire"), e.getMessage());
        }
        assertEquals(0, prefetchThreads(), "prefetch thread left running");
    }

    @Test
    void prefetchThreadsStopAtTheEndOfAnEpochOnCloseAndWhenTheNextEpochStarts() throws InterruptedException {
        InMemoryDataset data = numbered(1000);
        DataLoader loader = DataLoader.builder(data).batchSize(10).shuffle(1).prefetch(2).build();
        for (BatchArrays ignored : loader.arrays(0)) {
            assertTrue(prefetchThreads() <= 1);
        }
        awaitNoPrefetchThreads();

        Epoch<BatchArrays> abandoned = loader.arrays(1);
        abandoned.next();
        assertEquals(1, prefetchThreads());
        Epoch<BatchArrays> next = loader.arrays(2);
        next.next();
        assertEquals(1, prefetchThreads(), "starting an epoch stops the previous one's thread");
        next.close();
        assertEquals(0, prefetchThreads());

        loader.arrays(3).next();
        loader.close();
        assertEquals(0, prefetchThreads());
        assertThrows(IllegalStateException.class, () -> loader.arrays(4));
    }

    @Test
    void aFashionMnistSizedEpochYieldsEveryBatchOnceEachEpoch() {
        int n = 10_000;
        InMemoryDataset data = new InMemoryDataset(new float[n * 784], Shape.of(1, 28, 28), new long[n], 10);
        try (DataLoader loader = DataLoader.builder(data).batchSize(128).shuffle(7).prefetch(0).build()) {
            for (int epoch = 0; epoch < 3; epoch++) {
                int batches = 0;
                long samples = 0;
                for (BatchArrays b : loader.arrays(epoch)) {
                    batches++;
                    samples += b.size();
                }
                assertEquals(79, batches);
                assertEquals(n, samples);
            }
        }
    }

    private static long prefetchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(Prefetcher.THREAD_NAME) && t.isAlive()).count();
    }

    private static void awaitNoPrefetchThreads() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (prefetchThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, prefetchThreads(), "the prefetch thread did not end with its epoch");
    }

    /** Forwards to another dataset; tests override one method to inject a fault. */
    private static class DelegatingDataset implements Dataset {
        private final Dataset base;

        DelegatingDataset(Dataset base) {
            this.base = base;
        }

        @Override
        public int size() {
            return base.size();
        }

        @Override
        public Shape exampleShape() {
            return base.exampleShape();
        }

        @Override
        public int numClasses() {
            return base.numClasses();
        }

        @Override
        public void copyFeatures(int[] indices, float[] dest) {
            base.copyFeatures(indices, dest);
        }

        @Override
        public void copyLabels(int[] indices, long[] dest) {
            base.copyLabels(indices, dest);
        }
    }
}
