package dev.neurite.layers.core;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Distribution;
import dev.neurite.layers.FiniteDifference;
import dev.neurite.layers.init.Initializers;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DenseTest {

    private static Dense float64(boolean bias, long seed) {
        return new Dense(4, 3, bias, Initializers.pytorchDefault(), Initializers.pytorchDefault(), DType.FLOAT64, seed);
    }

    private static Tensor input(long... shape) {
        return Tensor.random(Shape.of(shape), DType.FLOAT64, Distribution.NORMAL, 0, 1, 42).requiresGrad(true);
    }

    private static void checkGradients(Dense dense, Tensor x) {
        List<Tensor> leaves = new ArrayList<>(List.of(x));
        leaves.addAll(dense.parameters().values());
        FiniteDifference.assertGradients(() -> dense.forward(x), leaves, 1e-6, 1e-6);
    }

    @Test
    void fusedKernelPathPassesGradientCheck() {
        checkGradients(float64(true, 1), input(5, 4));
        checkGradients(float64(false, 2), input(5, 4));
    }

    @Test
    void primitivePathPassesGradientCheck() {
        checkGradients(float64(true, 1).withoutKernel(), input(5, 4));
    }

    @Test
    void higherRankInputsUseTheLastAxis() {
        Dense dense = float64(true, 3);
        Tensor x = input(2, 3, 4);
        Tensor y = dense.forward(x);
        assertEquals(Shape.of(2, 3, 3), y.shape());
        Tensor rows = dense.forward(x.reshape(6, 4));
        assertArrayEquals(rows.toDoubleArray(), y.toDoubleArray(), 1e-12);
        checkGradients(dense, x);
        Tensor vector = input(4);
        assertEquals(Shape.of(3), dense.forward(vector).shape());
    }

    @Test
    void kernelAndPrimitivePathsAgree() {
        Dense fused = new Dense(7, 5, 9L);
        Dense primitive = new Dense(7, 5, 9L).withoutKernel();
        Tensor x = Tensor.randn(Shape.of(3, 7), 1);
        assertArrayEquals(primitive.forward(x).toFloatArray(), fused.forward(x).toFloatArray(), 1e-6f);
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        assertArrayEquals(new Dense(8, 4, 5L).weight().toFloatArray(), new Dense(8, 4, 5L).weight().toFloatArray());
        assertFalse(java.util.Arrays.equals(new Dense(8, 4, 5L).weight().toFloatArray(), new Dense(8, 4, 6L).weight().toFloatArray()));
        Generator a = new Generator(1);
        Generator b = new Generator(1);
        assertArrayEquals(new Dense(8, 4, a).bias().toFloatArray(), new Dense(8, 4, b).bias().toFloatArray());
        Dense first = new Dense(8, 4, a);
        assertNotEquals(first.config().asMap().get("seed"), new Dense(8, 4, a).config().asMap().get("seed"));
    }

    @Test
    void defaultInitIsPyTorchsUniformOverFanIn() {
        Dense dense = new Dense(100, 400, 3L);
        double bound = 1 / Math.sqrt(100);
        for (Tensor p : dense.parameters().values()) {
            double[] v = p.toDoubleArray();
            double max = java.util.Arrays.stream(v).map(Math::abs).max().orElseThrow();
            assertTrue(max <= bound && max > 0.9 * bound, "max |w| " + max + " vs bound " + bound);
        }
        assertEquals(Shape.of(400, 100), dense.weight().shape());
        assertEquals(Shape.of(400), dense.bias().shape());
    }

    @SuppressWarnings("try") // the scope frees what the body allocates
    @Test
    void parametersOutliveTheScopeTheyWereBuiltIn() {
        Dense dense;
        try (MemoryScope scope = MemoryScope.open()) {
            dense = new Dense(3, 2, 1L);
        }
        assertEquals(6, dense.weight().toFloatArray().length);
    }

    @Test
    void wrongInputsAreRejectedWithShapes() {
        Dense dense = new Dense(4, 3, 1L);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dense.forward(Tensor.zeros(2, 5)));
        assertTrue(e.getMessage().contains("dense") && e.getMessage().contains("[2, 5]") && e.getMessage().contains("4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> dense.forward(Tensor.zeros(Shape.of(2, 4), DType.FLOAT64)));
        assertTrue(e.getMessage().contains("float64") && e.getMessage().contains("float32"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dense(0, 3, 1L));
    }

    @Test
    void seedsFromAGeneratorSurviveJsonNumbers() {
        for (int i = 0; i < 100; i++) {
            long seed = ((Number) new Dense(2, 2, new Generator(i)).config().asMap().get("seed")).longValue();
            assertEquals(seed, (long) (double) seed);
        }
    }

    @Test
    void configRebuildsTheSameLayer() {
        Dense dense = new Dense(6, 2, false, Initializers.glorotNormal(), new Generator(3));
        Dense copy = new Dense(dense.config());
        assertEquals(dense.config(), copy.config());
        assertArrayEquals(dense.weight().toFloatArray(), copy.weight().toFloatArray());
        assertEquals(1, copy.parameters().size());
    }
}
