package dev.neurite.api.data;

import dev.neurite.api.Tensor;

/**
 * Features {@code [size, ...exampleShape]} (float32) and labels {@code [size]} (int64) of one batch. A batch from a
 * {@link DataLoader} is released by the loader when the next one is fetched (see
 * {@link DataLoader.Builder#releaseBatches}).
 */
public record Batch(Tensor features, Tensor labels, int size) implements AutoCloseable {
    /** Creates the tensors on the current thread's backend and {@link dev.neurite.api.MemoryScope}. */
    public static Batch of(BatchArrays arrays) {
        long[] shape = arrays.exampleShape().prepend(arrays.size()).toArray();
        Tensor features = Tensor.of(arrays.features(), shape);
        Tensor labels = Tensor.ofLongs(arrays.labels(), arrays.size());
        return new Batch(features, labels, arrays.size());
    }

    @Override
    public void close() {
        features.close();
        labels.close();
    }
}
