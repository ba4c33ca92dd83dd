package dev.neurite.apps;

import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.data.InMemoryDataset;
import dev.neurite.api.nn.Layer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Small helpers shared by the apps integration tests: weight snapshots, comparisons and plain forward passes. */
final class TestModels {
    private TestModels() {
    }

    /** Copies every parameter and buffer of {@code model} to Java arrays, by dotted name. */
    static Map<String, float[]> snapshot(Layer model) {
        Map<String, float[]> copy = new LinkedHashMap<>();
        model.parameters().forEach((name, t) -> copy.put(name, t.toFloatArray()));
        model.buffers().forEach((name, t) -> copy.put(name, t.toFloatArray()));
        return copy;
    }

    /** Fails unless both snapshots have the same names and bit-identical values (NaNs compare by bit pattern). */
    static void assertBitIdentical(Map<String, float[]> expected, Map<String, float[]> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what + ": parameter names");
        List<String> differences = new ArrayList<>();
        expected.forEach((name, e) -> {
            float[] a = actual.get(name);
            assertEquals(e.length, a.length, what + ": size of " + name);
            int differing = 0;
            double maxAbs = 0;
            for (int i = 0; i < e.length; i++) {
                if (Float.floatToIntBits(e[i]) != Float.floatToIntBits(a[i])) {
                    differing++;
                    maxAbs = Math.max(maxAbs, Math.abs((double) e[i] - a[i]));
                }
            }
            if (differing > 0) {
                differences.add(name + ": " + differing + " of " + e.length + " values differ, max |diff| " + maxAbs);
            }
        });
        if (!differences.isEmpty()) {
            fail(what + ": not bit-identical: " + String.join("; ", differences));
        }
    }

    /** Examples {@code [from, from + count)} of {@code data} as one flat array, example after example. */
    static float[] features(InMemoryDataset data, int from, int count) {
        int size = data.exampleSize();
        float[] all = new float[count * size];
        for (int i = 0; i < count; i++) {
            System.arraycopy(data.example(from + i), 0, all, i * size, size);
        }
        return all;
    }

    /** One inference pass in evaluation mode, without a tape, in its own memory scope; returns the outputs. */
    static float[] infer(Layer model, float[] features, long... shape) {
        try (GradMode.Guard g = GradMode.noGrad(); MemoryScope scope = MemoryScope.open()) {
            Tensor out = model.forward(Tensor.of(features, shape));
            if (out.requiresGrad()) {
                throw new AssertionError("a forward pass under GradMode.noGrad() produced a tensor that requires grad");
            }
            return out.toFloatArray();
        }
    }
}
