package dev.neurite.layers.init;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The schemes' bounds and variances on large samples (fan-in 200, fan-out 300). */
class InitializersTest {
    private static final Shape SHAPE = Shape.of(300, 200);

    private static double[] sample(Initializer init) {
        return init.create(SHAPE, 200, 300, 17).toDoubleArray();
    }

    private static double std(double[] v) {
        double mean = Arrays.stream(v).average().orElseThrow();
        return Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).average().orElseThrow());
    }

    private static double maxAbs(double[] v) {
        return Arrays.stream(v).map(Math::abs).max().orElseThrow();
    }

    @Test
    void uniformSchemesRespectTheirBounds() {
        double glorot = Math.sqrt(6.0 / 500);
        double he = Math.sqrt(6.0 / 200);
        double torch = 1 / Math.sqrt(200);
        assertEquals(glorot, maxAbs(sample(Initializers.glorotUniform())), 0.01 * glorot);
        assertEquals(he, maxAbs(sample(Initializers.heUniform())), 0.01 * he);
        assertEquals(torch, maxAbs(sample(Initializers.pytorchDefault())), 0.01 * torch);
        double[] u = sample(Initializers.uniform(-1, 3));
        assertTrue(Arrays.stream(u).allMatch(x -> x >= -1 && x < 3));
    }

    @Test
    void normalSchemesHaveTheirVariance() {
        assertEquals(Math.sqrt(2.0 / 500), std(sample(Initializers.glorotNormal())), 0.02 * Math.sqrt(2.0 / 500));
        assertEquals(Math.sqrt(2.0 / 200), std(sample(Initializers.heNormal())), 0.02 * Math.sqrt(2.0 / 200));
        double[] n = sample(Initializers.normal(1, 0.01));
        assertEquals(1, Arrays.stream(n).average().orElseThrow(), 1e-3);
        assertEquals(0.01, std(n), 2e-4);
    }

    @Test
    void constantsAndDtypes() {
        assertArrayEquals(new double[]{0, 0}, Initializers.zeros().create(Shape.of(2), 1, 1, 0).toDoubleArray());
        Tensor c = Initializers.constant(0.01).create(Shape.of(2), DType.FLOAT64, 1, 1, 0);
        assertEquals(DType.FLOAT64, c.dtype());
        assertArrayEquals(new double[]{0.01, 0.01}, c.toDoubleArray());
    }

    @Test
    void reproducibleFromTheSeedAndRebuiltFromConfig() {
        Initializer he = Initializers.heNormal(0.1);
        assertArrayEquals(sample(he), sample(Initializers.fromConfig(he.config())));
        assertThrows(IllegalArgumentException.class, () -> Initializers.uniform(1, 0));
        assertThrows(IllegalArgumentException.class, () -> Initializers.heUniform().create(Shape.of(0), 0, 0, 1));
    }
}
