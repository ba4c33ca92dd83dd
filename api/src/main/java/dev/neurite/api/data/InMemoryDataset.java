package dev.neurite.api.data;

import dev.neurite.api.Shape;

/** A dataset held in two Java arrays: all features, example after example, and one label per example. */
public final class InMemoryDataset implements Dataset {
    private final float[] features;
    private final Shape exampleShape;
    private final int exampleSize;
    private final long[] labels;
    private final int numClasses;

    /** Takes ownership of the arrays (they are not copied and must not be changed afterwards). */
    public InMemoryDataset(float[] features, Shape exampleShape, long[] labels, int numClasses) {
        long size = exampleShape.numel();
        if (size == 0 || (long) labels.length * size != features.length) {
            throw new IllegalArgumentException("InMemoryDataset: " + features.length + " feature values do not hold "
                    + labels.length + " examples of shape " + exampleShape + " (" + size + " values each)");
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("InMemoryDataset: numClasses must be >= 1, got " + numClasses);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("InMemoryDataset: label " + labels[i] + " of example " + i
                        + " is outside [0, " + numClasses + ")");
            }
        }
        this.features = features;
        this.exampleShape = exampleShape;
        this.exampleSize = (int) size;
        this.labels = labels;
        this.numClasses = numClasses;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public Shape exampleShape() {
        return exampleShape;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public void copyFeatures(int[] indices, float[] dest) {
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(features, indices[i] * exampleSize, dest, i * exampleSize, exampleSize);
        }
    }

    @Override
    public void copyLabels(int[] indices, long[] dest) {
        for (int i = 0; i < indices.length; i++) {
            dest[i] = labels[indices[i]];
        }
    }

    /** The features of example {@code index} (a copy). */
    public float[] example(int index) {
        float[] r = new float[exampleSize];
        System.arraycopy(features, index * exampleSize, r, 0, exampleSize);
        return r;
    }

    public long label(int index) {
        return labels[index];
    }
}
