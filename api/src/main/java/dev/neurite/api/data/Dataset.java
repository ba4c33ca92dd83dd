package dev.neurite.api.data;

import dev.neurite.api.Generator;
import dev.neurite.api.Shape;

import java.util.Arrays;

/**
 * Labelled examples for classification: fixed-shape float features and a class index per example. Access is in
 * bulk, by batches of indices into caller-provided arrays, so assembling a batch copies memory and boxes nothing.
 * Implementations must allow calls from a thread other than the one that created them (the loader's prefetch
 * thread) while no one modifies the data.
 */
public interface Dataset {
    /** A dataset cut in two, e.g. for training and validation. */
    record Split(Dataset train, Dataset validation) {
    }

    int size();

    /** The shape of one example's features, e.g. {@code [1, 28, 28]}. */
    Shape exampleShape();

    /** Labels are in {@code [0, numClasses)}. */
    int numClasses();

    /** Copies the features of {@code indices}, one example after another, into {@code dest} from position 0. */
    void copyFeatures(int[] indices, float[] dest);

    /** Copies the labels of {@code indices} into {@code dest} from position 0. */
    void copyLabels(int[] indices, long[] dest);

    /** Number of floats in one example. */
    default int exampleSize() {
        return Math.toIntExact(exampleShape().numel());
    }

    /** A view of the examples at {@code indices}, in that order (no data is copied). */
    default Dataset subset(int[] indices) {
        return new SubsetDataset(this, indices);
    }

    /**
     * A random split: {@code train} gets {@code round(fraction * size)} examples, {@code validation} the rest.
     * The same seed gives the same split.
     */
    default Split split(double fraction, long seed) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("split: fraction must be in [0, 1], got " + fraction);
        }
        int[] order = new Generator(seed).permutation(size());
        int cut = (int) Math.round(fraction * size());
        return new Split(subset(Arrays.copyOfRange(order, 0, cut)), subset(Arrays.copyOfRange(order, cut, order.length)));
    }
}
