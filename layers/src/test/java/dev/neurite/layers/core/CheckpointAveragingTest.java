package dev.neurite.layers.core;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.io.Checkpoint;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Sequential;
import dev.neurite.layers.activation.ReLU;
import dev.neurite.layers.norm.BatchNorm1d;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CheckpointAveragingTest {
    @TempDir
    Path dir;

    /** Dense(2, 2) then batch norm, with every weight set to {@code value} and the batch count to {@code count}. */
    @SuppressWarnings("try")
    private static Sequential model(double value, long count) {
        Sequential m = new Sequential(new Dense(2, 2, 1), new BatchNorm1d(2), new ReLU());
        try (GradMode.Guard g = GradMode.noGrad()) {
            Checkpoint.weights(m).forEach((name, t) -> {
                if (t.dtype().isFloatingPoint()) {
                    t.copyFrom(Tensor.full(t.shape(), name.endsWith("weight") || name.endsWith("running_var") ? value : -value, t.dtype()));
                } else {
                    t.copyFrom(Tensor.ofLongs(new long[]{count}));
                }
            });
        }
        return m;
    }

    private Path save(String name, Layer model) throws IOException {
        Path p = dir.resolve(name);
        Checkpoint.save(p, model, null, null, null);
        return p;
    }

    @Test
    void averagesParametersAndRunningStatistics() throws IOException {
        List<Path> paths = List.of(save("a", model(1, 10)), save("b", model(2, 20)), save("c", model(6, 30)));
        Path out = dir.resolve("avg");
        Layer avg = CheckpointAveraging.average(paths, out);
        // Weights (1 + 2 + 6) / 3 = 3, biases and running means -3; the batch count is the last checkpoint's.
        assertArrayEquals(new double[]{3, 3, 3, 3}, avg.parameters().get("0.weight").toDoubleArray(), 1e-6);
        assertArrayEquals(new double[]{-3, -3}, avg.parameters().get("0.bias").toDoubleArray(), 1e-6);
        assertArrayEquals(new double[]{-3, -3}, avg.buffers().get("1.running_mean").toDoubleArray(), 1e-6);
        assertEquals(30, (long) avg.buffers().get("1.num_batches_tracked").item());
        // The saved average loads back and computes: relu(3 * (1 + 2) - 3) through batch norm (eval: mean -3, var 3, gamma 3, beta -3).
        Layer loaded = Checkpoint.load(out).model();
        loaded.eval();
        double bn = (3 * (1 + 2) - 3 - -3) / Math.sqrt(3 + 1e-5) * 3 + -3;
        assertArrayEquals(new double[]{bn, bn}, loaded.forward(Tensor.of(new float[]{1, 2}, 1, 2)).toDoubleArray(), 1e-4);
    }

    @Test
    void inMemoryAverageOfTwoModels() {
        Sequential a = model(1, 1);
        CheckpointAveraging.averageInto(a, List.of(a, model(4, 2)));
        assertArrayEquals(new double[]{2.5, 2.5, 2.5, 2.5}, a.parameters().get("0.weight").toDoubleArray(), 1e-6);
    }

    @Test
    void rejectsDifferentArchitecturesNamingThem() throws IOException {
        Path a = save("a", new Sequential(new Dense(2, 2, 1)));
        Path b = save("b", new Sequential(new Dense(3, 2, 1)));
        Path c = save("c", new Sequential(new Dense(2, 2, 1), new Dense(2, 1, 2)));
        Path d = save("d", new Sequential(new Dense(2, 2, true, dev.neurite.layers.init.Initializers.pytorchDefault(),
                dev.neurite.layers.init.Initializers.pytorchDefault(), DType.FLOAT64, 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CheckpointAveraging.average(List.of(a, b)));
        assertEquals("checkpoint averaging: " + b + " has '0.weight' of float32[2, 3], expected float32[2, 2]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CheckpointAveraging.average(List.of(a, c)));
        assertEquals("checkpoint averaging: " + c + " holds a 'sequential' with weights [0.weight, 0.bias, 1.weight, 1.bias],"
                + " expected a 'sequential' with weights [0.weight, 0.bias]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CheckpointAveraging.average(List.of(a, d)));
        assertEquals("checkpoint averaging: " + d + " has '0.weight' of float64[2, 2], expected float32[2, 2]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CheckpointAveraging.average(List.of()));
        assertEquals("checkpoint averaging: expected at least one checkpoint, got none", e.getMessage());
    }
}
