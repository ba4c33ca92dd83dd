package dev.neurite.api.data;

import dev.neurite.api.Generator;

import java.util.Arrays;
import java.util.NoSuchElementException;

/** Assembles an epoch's batches on demand, on the calling thread. */
final class BatchSource implements BatchStream {
    private final Dataset dataset;
    private final int[] order;
    private final int batchSize;
    private final int batches;
    private final Transform transform;
    private final long transformSeed;
    private int next;

    BatchSource(Dataset dataset, int[] order, int batchSize, int batches, Transform transform, long transformSeed) {
        this.dataset = dataset;
        this.order = order;
        this.batchSize = batchSize;
        this.batches = batches;
        this.transform = transform;
        this.transformSeed = transformSeed;
    }

    @Override
    public boolean hasNext() {
        return next < batches;
    }

    @Override
    public BatchArrays next() {
        if (!hasNext()) {
            throw new NoSuchElementException("DataLoader: the epoch has no more batches");
        }
        int b = next++;
        int[] indices = Arrays.copyOfRange(order, b * batchSize, Math.min(order.length, (b + 1) * batchSize));
        float[] features = new float[indices.length * dataset.exampleSize()];
        long[] labels = new long[indices.length];
        dataset.copyFeatures(indices, features);
        dataset.copyLabels(indices, labels);
        BatchArrays arrays = new BatchArrays(features, labels, indices.length, dataset.exampleShape());
        if (transform != null) {
            transform.apply(arrays, new Generator(Seeds.mix(transformSeed, b)));
        }
        return arrays;
    }

    @Override
    public void close() {
        next = batches;
    }
}
