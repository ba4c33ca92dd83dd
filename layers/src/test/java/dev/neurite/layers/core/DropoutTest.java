package dev.neurite.layers.core;

import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DropoutTest {

    @Test
    void trainingZeroesAboutPAndScalesSurvivors() {
        Dropout dropout = new Dropout(0.5, 3);
        float[] y = dropout.forward(Tensor.ones(100, 100)).toFloatArray();
        int zeros = 0;
        for (float v : y) {
            assertTrue(v == 0 || v == 2, "value " + v);
            zeros += v == 0 ? 1 : 0;
        }
        assertEquals(5000, zeros, 200);
    }

    @Test
    void evalIsTheIdentity() {
        Dropout dropout = new Dropout(0.5);
        dropout.eval();
        Tensor x = Tensor.randn(Shape.of(4, 4), 1);
        assertSame(x, dropout.forward(x));
    }

    @Test
    void sameSeedSameMasksAndMasksChangeBetweenCalls() {
        Tensor x = Tensor.ones(8, 8);
        Dropout a = new Dropout(0.3, 42);
        Dropout b = new Dropout(0.3, 42);
        float[] first = a.forward(x).toFloatArray();
        assertArrayEquals(first, b.forward(x).toFloatArray());
        assertFalse(java.util.Arrays.equals(first, a.forward(x).toFloatArray()));
    }

    @Test
    void gradientFlowsOnlyThroughKeptElements() {
        Tensor x = Tensor.ones(10, 10).requiresGrad(true);
        Tensor y = new Dropout(0.25, 5).forward(x);
        y.sum().backward();
        assertArrayEquals(y.toFloatArray(), x.grad().toFloatArray(), 1e-6f);
    }

    @Test
    void extremesAndBadProbabilities() {
        Tensor x = Tensor.ones(3);
        assertArrayEquals(new float[]{1, 1, 1}, new Dropout(0).forward(x).toFloatArray());
        assertArrayEquals(new float[]{0, 0, 0}, new Dropout(1).forward(x).toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(Double.NaN));
    }

    @Test
    void flattenKeepsTheBatchAxis() {
        Tensor x = Tensor.zeros(2, 3, 4, 5);
        assertEquals(Shape.of(2, 60), new Flatten().forward(x).shape());
        assertEquals(Shape.of(2, 3, 20), new Flatten(2).forward(x).shape());
    }
}
