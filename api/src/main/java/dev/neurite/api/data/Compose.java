package dev.neurite.api.data;

import dev.neurite.api.Generator;

import java.util.List;

/** Applies transforms one after another, all drawing from the same generator (so the whole chain is reproducible). */
public final class Compose implements Transform {
    private final List<Transform> transforms;

    public Compose(Transform... transforms) {
        this.transforms = List.of(transforms);
    }

    public List<Transform> transforms() {
        return transforms;
    }

    @Override
    public void apply(BatchArrays batch, Generator random) {
        for (Transform t : transforms) {
            t.apply(batch, random);
        }
    }

    @Override
    public String toString() {
        return "Compose" + transforms;
    }
}
