package dev.neurite.layers.optim;

import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One-element tensors for the in-place ops of optimizer updates, which take tensors, not numbers. Each costs a
 * native call to create, so they are shared by value, dtype and rank. They match the rank of the tensor they scale
 * because broadcasting between equal ranks is the cheap case on native backends.
 */
final class ScalarCache {
    private final Map<String, Tensor> tensors = new HashMap<>();

    /** A tensor holding {@code value} with {@code like}'s dtype and rank; it lives until {@link #clear()}. */
    Tensor get(double value, Tensor like) {
        return tensors.computeIfAbsent(value + "/" + like.dtype() + "/" + like.rank(),
                k -> MemoryScope.outside(() -> create(value, like)));
    }

    private static Tensor create(double value, Tensor like) {
        long[] ones = new long[like.rank()];
        Arrays.fill(ones, 1);
        return Tensor.wrap(like.backend().full(Shape.of(ones), value, like.dtype()));
    }

    void clear() {
        tensors.values().forEach(Tensor::close);
        tensors.clear();
    }
}
