package dev.neurite.api.data;

import dev.neurite.api.Shape;

/** The examples of another dataset at given indices; subsets of subsets map straight to the base dataset. */
final class SubsetDataset implements Dataset {
    private final Dataset base;
    private final int[] indices;

    SubsetDataset(Dataset base, int[] indices) {
        int n = base.size();
        for (int i : indices) {
            if (i < 0 || i >= n) {
                throw new IllegalArgumentException("subset: index " + i + " is out of range for a dataset of " + n + " examples");
            }
        }
        this.base = base;
        this.indices = indices.clone();
    }

    @Override
    public int size() {
        return indices.length;
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
    public void copyFeatures(int[] which, float[] dest) {
        base.copyFeatures(map(which), dest);
    }

    @Override
    public void copyLabels(int[] which, long[] dest) {
        base.copyLabels(map(which), dest);
    }

    @Override
    public Dataset subset(int[] which) {
        return new SubsetDataset(base, map(which));
    }

    private int[] map(int[] which) {
        int[] r = new int[which.length];
        for (int i = 0; i < which.length; i++) {
            r[i] = indices[which[i]];
        }
        return r;
    }
}
