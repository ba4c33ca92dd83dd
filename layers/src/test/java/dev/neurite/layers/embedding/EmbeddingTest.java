package dev.neurite.layers.embedding;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;
import dev.neurite.layers.FiniteDifference;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Embedding: lookups, the padding row, finite differences with repeated indices, and errors. */
class EmbeddingTest {
    @Test
    void looksUpRowsAndKeepsThePaddingRowOutOfTraining() {
        Embedding e = new Embedding(5, 3, 2L, DType.FLOAT64, 7);
        double[] w = e.weight().toDoubleArray();
        assertArrayEquals(new double[3], java.util.Arrays.copyOfRange(w, 6, 9), 0.0, "padding row starts at zero");
        Tensor idx = Tensor.ofLongs(new long[]{4, 2, 4, 0}, 2, 2);
        Tensor y = e.forward(idx);
        assertArrayEquals(new long[]{2, 2, 3}, y.shape().toArray());
        assertArrayEquals(java.util.Arrays.copyOfRange(w, 12, 15), y.slice(0, 0, 1).slice(1, 0, 1).reshape(-1).toDoubleArray(), 0.0);
        y.sum().backward();
        double[] g = e.weight().grad().toDoubleArray();
        assertArrayEquals(new double[]{1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2}, g, 0.0, "row 4 twice, padding row none");
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Embedding e = new Embedding(4, 2, null, DType.FLOAT64, 3);
        Tensor idx = Tensor.ofLongs(new long[]{1, 3, 1, 1, 0}, 5);
        FiniteDifference.assertGradients(() -> e.forward(idx).tanh(), List.of(e.weight()), 1e-6, 1e-6);
    }

    @Test
    void badIndicesAreRejected() {
        Embedding e = new Embedding(4, 2, new dev.neurite.api.Generator(1));
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> e.forward(Tensor.ofLongs(new long[]{1, 4}, 2)));
        assertTrue(x.getMessage().contains("embedding") && x.getMessage().contains("4"), x.getMessage());
        x = assertThrows(IllegalArgumentException.class, () -> e.forward(Tensor.zeros(2)));
        assertTrue(x.getMessage().contains("int64"), x.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Embedding(4, 2, 4L, DType.FLOAT32, 1));
    }
}
