package dev.neurite.api.data;

import dev.neurite.api.Shape;

/**
 * A batch as Java arrays, before it becomes tensors: {@code size} examples of {@code exampleShape}, one after
 * another in {@code features}, and their labels. The prefetch thread builds these; {@link Batch#of} turns one
 * into tensors on the consuming thread.
 */
public record BatchArrays(float[] features, long[] labels, int size, Shape exampleShape) {
    public BatchArrays {
        if (labels.length != size || features.length != size * exampleShape.numel()) {
            throw new IllegalArgumentException("BatchArrays: " + features.length + " feature values and " + labels.length
                    + " labels do not make " + size + " examples of shape " + exampleShape);
        }
    }
}
