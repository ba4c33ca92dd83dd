package dev.neurite.api.data;

import dev.neurite.api.Generator;

/**
 * Changes a batch's arrays in place before they become tensors, e.g. data augmentation. It runs on the loader's
 * prefetch thread, so it must not touch tensors or shared mutable state.
 */
@FunctionalInterface
public interface Transform {
    /**
     * @param batch  the arrays to modify in place
     * @param random seeded from the loader's seed, the epoch and the batch number, so runs are reproducible
     */
    void apply(BatchArrays batch, Generator random);
}
