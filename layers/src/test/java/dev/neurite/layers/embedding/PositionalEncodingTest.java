package dev.neurite.layers.embedding;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.layers.FiniteDifference;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sinusoidal and learned positional encodings: values by hand, offsets, layouts, gradients, errors. */
class PositionalEncodingTest {
    @Test
    void sinusoidalValuesAreThoseOfThePaper() {
        SinusoidalPositionalEncoding pe = new SinusoidalPositionalEncoding(4, 10, true, DType.FLOAT64);
        double[] t = pe.table().toDoubleArray();
        // position 3: sin(3), cos(3), sin(3 / 100), cos(3 / 100)
        assertArrayEquals(new double[]{Math.sin(3), Math.cos(3), Math.sin(0.03), Math.cos(0.03)}, java.util.Arrays.copyOfRange(t, 12, 16), 1e-12);
        Tensor x = Tensor.zeros(Shape.of(2, 3, 4), DType.FLOAT64);
        Tensor y = pe.forward(x, 2);
        assertArrayEquals(java.util.Arrays.copyOfRange(t, 8, 20), y.slice(0, 1, 2).reshape(-1).toDoubleArray(), 1e-12, "positions 2..4");
        SinusoidalPositionalEncoding timeMajor = new SinusoidalPositionalEncoding(4, 10, false, DType.FLOAT64);
        assertArrayEquals(y.toDoubleArray(), timeMajor.forward(x.transpose(0, 1), 2).transpose(0, 1).toDoubleArray(), 1e-12);
        assertEquals(0, pe.parameters().size());
    }

    @Test
    void learnedEmbeddingTrainsItsRows() {
        LearnedPositionalEmbedding pe = new LearnedPositionalEmbedding(6, 3, false, DType.FLOAT64, 4);
        Tensor x = Tensor.randn(Shape.of(4, 2, 3), 1).cast(DType.FLOAT64).requiresGrad(true);
        FiniteDifference.assertGradients(() -> pe.forward(x, 1).tanh(), List.of(pe.weight(), x), 1e-6, 1e-6);
    }

    @Test
    void positionsBeyondMaxLenAreRejected() {
        SinusoidalPositionalEncoding pe = new SinusoidalPositionalEncoding(4, 5, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pe.forward(Tensor.zeros(4, 1, 4), 2));
        assertTrue(e.getMessage().contains("max_len 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> pe.forward(Tensor.zeros(4, 1, 3)));
        assertTrue(e.getMessage().contains("[4, 1, 3]"), e.getMessage());
    }
}
