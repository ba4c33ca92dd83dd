package dev.neurite.layers.norm;

import dev.neurite.api.DType;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.backend.Kernels;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Registry;
import dev.neurite.layers.FiniteDifference;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NormTest {

    private static Tensor input(long seed, long... shape) {
        return Tensor.random(Shape.of(shape), DType.FLOAT64, Distribution.NORMAL, 0.5, 2, seed).requiresGrad(true);
    }

    /** Moves the affine parameters away from 1 and 0 so that their gradients are exercised in full. */
    @SuppressWarnings("try")
    private static void perturb(Layer layer) {
        long seed = 11;
        try (GradMode.Guard g = GradMode.noGrad()) {
            for (Tensor p : layer.parameters().values()) {
                p.addInPlace(Tensor.random(p.shape(), DType.FLOAT64, Distribution.NORMAL, 0, 0.5, seed++));
            }
        }
    }

    /** On the fused kernels (where the backend has them) and on the primitive path. */
    private static void gradientCheck(Layer layer, Tensor x) {
        perturb(layer);
        List<Tensor> leaves = new ArrayList<>(List.of(x));
        leaves.addAll(layer.parameters().values());
        FiniteDifference.assertGradients(() -> layer.forward(x), leaves, 1e-6, 1e-6);
        Kernels.disabledWhile(() -> {
            FiniteDifference.assertGradients(() -> layer.forward(x), leaves, 1e-6, 1e-6);
            return null;
        });
    }

    @Test
    void fusedBatchNormMatchesThePrimitivePath() {
        for (long[] shape : new long[][]{{6, 4}, {3, 4, 5}, {2, 4, 3, 5}}) {
            for (boolean affine : new boolean[]{true, false}) {
                BatchNorm fused = shape.length == 4 ? new BatchNorm2d(4, 1e-5, 0.1, affine, DType.FLOAT32)
                        : new BatchNorm1d(4, 1e-5, 0.1, affine, DType.FLOAT32);
                BatchNorm primitive = shape.length == 4 ? new BatchNorm2d(4, 1e-5, 0.1, affine, DType.FLOAT32)
                        : new BatchNorm1d(4, 1e-5, 0.1, affine, DType.FLOAT32);
                perturbFloat32(fused);
                perturbFloat32(primitive);
                Tensor x = Tensor.randn(Shape.of(shape), 7).mul(3).add(1).requiresGrad(true);
                Tensor r = Tensor.randn(Shape.of(shape), 8);
                double[][] a = run(fused, x, r);
                double[][] b = Kernels.disabledWhile(() -> run(primitive, x, r));
                assertEquals(a.length, b.length);
                for (int i = 0; i < a.length; i++) {
                    assertArrayEquals(b[i], a[i], 1e-4, java.util.Arrays.toString(shape) + " affine " + affine + " #" + i);
                }
            }
        }
    }

    /** Output, input gradient, parameter gradients, then running mean and variance after the step. */
    private static double[][] run(BatchNorm layer, Tensor x, Tensor r) {
        x.zeroGrad();
        Tensor y = layer.forward(x);
        y.mul(r).sum().backward();
        List<double[]> out = new ArrayList<>(List.of(y.toDoubleArray(), x.grad().toDoubleArray()));
        layer.parameters().values().forEach(p -> out.add(p.grad().toDoubleArray()));
        out.add(layer.runningMean().toDoubleArray());
        out.add(layer.runningVar().toDoubleArray());
        return out.toArray(new double[0][]);
    }

    @Test
    void batchNormPassesTheGradientCheckInFloat64InTrainingAndEval() {
        for (boolean training : new boolean[]{true, false}) {
            BatchNorm1d b1 = new BatchNorm1d(3, 1e-5, 0.1, true, DType.FLOAT64);
            b1.train(training);
            gradientCheck(b1, input(1, 4, 3));
            BatchNorm1d b1l = new BatchNorm1d(2, 1e-5, 0.1, true, DType.FLOAT64);
            b1l.train(training);
            gradientCheck(b1l, input(2, 3, 2, 4));
            BatchNorm2d b2 = new BatchNorm2d(2, 1e-5, 0.1, true, DType.FLOAT64);
            b2.train(training);
            gradientCheck(b2, input(3, 2, 2, 3, 2));
            BatchNorm2d noAffine = new BatchNorm2d(3, 1e-3, 0.2, false, DType.FLOAT64);
            noAffine.train(training);
            gradientCheck(noAffine, input(4, 2, 3, 2, 2));
        }
    }

    @Test
    void layerNormPassesTheGradientCheckInFloat64() {
        gradientCheck(new LayerNorm(new long[]{5}, 1e-5, true, DType.FLOAT64), input(5, 3, 5));
        gradientCheck(new LayerNorm(new long[]{3, 4}, 1e-5, true, DType.FLOAT64), input(6, 2, 3, 4));
        gradientCheck(new LayerNorm(new long[]{4}, 1e-3, false, DType.FLOAT64), input(7, 2, 2, 4));
    }

    @Test
    void groupNormPassesTheGradientCheckInFloat64() {
        gradientCheck(new GroupNorm(2, 4, 1e-5, true, DType.FLOAT64), input(8, 2, 4, 3, 2));
        gradientCheck(new GroupNorm(3, 3, 1e-5, true, DType.FLOAT64), input(9, 2, 3, 5));
        gradientCheck(new GroupNorm(1, 4, 1e-3, false, DType.FLOAT64), input(10, 3, 4));
    }

    @Test
    @SuppressWarnings("try")
    void runningStatisticsAreUpdatedInPlaceAndSurviveTheStepScope() {
        BatchNorm2d b = new BatchNorm2d(2);
        Tensor mean = b.runningMean();
        Tensor var = b.runningVar();
        // Channel 0 holds 0..7, channel 1 holds 10 everywhere: mean 3.5 and 10, unbiased variance 6 and 0.
        double[] values = new double[16];
        for (int i = 0; i < 8; i++) {
            values[(i / 4) * 8 + i % 4] = i;
            values[(i / 4) * 8 + 4 + i % 4] = 10;
        }
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor x = Tensor.of(DType.FLOAT32, values, 2, 2, 2, 2);
            b.forward(x).sum().backward();
        }
        assertSame(mean, b.buffers().get("running_mean"));
        assertSame(var, b.buffers().get("running_var"));
        assertArrayEquals(new double[]{0.35, 1.0}, mean.toDoubleArray(), 1e-6);
        assertArrayEquals(new double[]{0.9 + 0.6, 0.9}, var.toDoubleArray(), 1e-6);
        assertTrue(!mean.requiresGrad() && !var.requiresGrad());
        assertEquals(DType.INT64, b.numBatchesTracked().dtype());
        assertEquals(1, b.numBatchesTracked().toLongArray()[0]);

        // Eval mode neither uses nor changes the batch statistics.
        b.train(false);
        Tensor y = b.forward(Tensor.of(DType.FLOAT32, values, 2, 2, 2, 2));
        assertArrayEquals(new double[]{0.35, 1.0}, mean.toDoubleArray(), 1e-6);
        assertEquals((0 - 0.35) / Math.sqrt(1.5 + 1e-5), y.getDouble(0, 0, 0, 0), 1e-5);
        assertEquals((10 - 1.0) / Math.sqrt(0.9 + 1e-5), y.getDouble(1, 1, 1, 1), 1e-5);
    }

    @Test
    void runningStatisticsAreSavedAndLoadedWithTheWeights(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        BatchNorm2d trained = new BatchNorm2d(3);
        perturbFloat32(trained);
        trained.forward(Tensor.randn(Shape.of(4, 3, 2, 2), 3));
        trained.forward(Tensor.randn(Shape.of(4, 3, 2, 2), 4));
        java.nio.file.Path file = dir.resolve("bn.safetensors");
        dev.neurite.api.io.Safetensors.write(file, dev.neurite.api.io.Checkpoint.weights(trained));
        BatchNorm2d loaded = new BatchNorm2d(3);
        dev.neurite.api.io.Checkpoint.loadWeights(file, loaded);
        assertEquals(2, loaded.numBatchesTracked().toLongArray()[0]);
        assertArrayEquals(trained.runningMean().toDoubleArray(), loaded.runningMean().toDoubleArray(), 0);
        assertArrayEquals(trained.runningVar().toDoubleArray(), loaded.runningVar().toDoubleArray(), 0);
        trained.train(false);
        loaded.train(false);
        Tensor x = Tensor.randn(Shape.of(2, 3, 2, 2), 5);
        assertArrayEquals(trained.forward(x).toDoubleArray(), loaded.forward(x).toDoubleArray(), 0);
    }

    @SuppressWarnings("try")
    private static void perturbFloat32(Layer layer) {
        long seed = 21;
        try (GradMode.Guard g = GradMode.noGrad()) {
            for (Tensor p : layer.parameters().values()) {
                p.addInPlace(Tensor.randn(p.shape(), seed++).mul(0.5));
            }
        }
    }

    @Test
    void wrongChannelCountsNameTheLayerAndTheShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BatchNorm1d(5).forward(Tensor.zeros(4, 3)));
        assertEquals("batch_norm1d: expected 5 channels on axis 1, got input of shape [4, 3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(5).forward(Tensor.zeros(2, 5, 2, 2)));
        assertEquals("batch_norm1d: expected input [B, 5] or [B, 5, L], got shape [2, 5, 2, 2]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).forward(Tensor.zeros(2, 4, 5, 5)));
        assertEquals("batch_norm2d: expected 3 channels on axis 1, got input of shape [2, 4, 5, 5]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).forward(Tensor.zeros(2, 3, 5)));
        assertEquals("batch_norm2d: expected input [B, 3, H, W], got shape [2, 3, 5]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).forward(Tensor.zeros(1, 3, 1, 1)));
        assertTrue(e.getMessage().startsWith("batch_norm2d: training needs more than 1 value per channel"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LayerNorm(4, 5).forward(Tensor.zeros(2, 5, 4)));
        assertEquals("layer_norm: expected input whose last dimensions are [4, 5], got shape [2, 5, 4]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new GroupNorm(2, 6).forward(Tensor.zeros(2, 4, 3)));
        assertEquals("group_norm: expected input [B, 6, ...], got shape [2, 4, 3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new GroupNorm(4, 6));
        assertTrue(e.getMessage().contains("group_norm") && e.getMessage().contains("groups=4, channels=6"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new BatchNorm1d(2).forward(Tensor.zeros(Shape.of(3, 2), DType.FLOAT64)));
        assertTrue(e.getMessage().startsWith("batch_norm1d: input dtype"), e.getMessage());
    }

    @Test
    void configRebuildsTheSameLayer() {
        for (AbstractLayer layer : List.of(new BatchNorm1d(5), new BatchNorm1d(4, 1e-3, 0.01, false, DType.FLOAT64),
                new BatchNorm2d(3), new LayerNorm(4, 5), new LayerNorm(new long[]{6}, 1e-6, false, DType.FLOAT64),
                new GroupNorm(2, 6), new GroupNorm(3, 3, 1e-4, false, DType.FLOAT64))) {
            Layer copy = Registry.global().layer(Registry.global().spec(layer));
            assertEquals(layer.getClass(), copy.getClass());
            assertEquals(layer.config(), copy.config());
            assertEquals(layer.parameters().keySet(), copy.parameters().keySet());
            assertEquals(layer.buffers().keySet(), copy.buffers().keySet());
        }
        assertEquals(List.of("weight", "bias"), List.copyOf(new BatchNorm2d(3).parameters().keySet()));
        assertEquals(List.of("running_mean", "running_var", "num_batches_tracked"),
                List.copyOf(new BatchNorm2d(3).buffers().keySet()));
    }
}
