package dev.neurite.api;

import dev.neurite.api.autograd.GradMode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorTest {
    @Test
    void creationAndReadBack() {
        Tensor t = Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 2, 3);
        assertEquals(Shape.of(2, 3), t.shape());
        assertEquals(DType.FLOAT32, t.dtype());
        assertEquals(6, t.getDouble(1, 2), 0);
        assertArrayEquals(new long[]{0, 1, 2, 3}, Tensor.arange(4).toLongArray());
        assertEquals(DType.INT64, Tensor.arange(4).dtype());
        assertEquals(7.5, Tensor.scalar(7.5).item(), 0);
        assertArrayEquals(new double[]{0, 0.5, 1.0, 1.5}, Tensor.arange(0, 2, 0.5, DType.FLOAT64).toDoubleArray(), 0);
    }

    @Test
    void wrongValueCountIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[]{1, 2, 3}, 2, 2));
        assertTrue(e.getMessage().contains("3 values") && e.getMessage().contains("[2, 2]"), e.getMessage());
    }

    @Test
    void matmulShapeMismatchNamesBothShapes() {
        Tensor a = Tensor.zeros(2, 3);
        Tensor b = Tensor.zeros(4, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.matmul(b));
        assertTrue(e.getMessage().contains("matmul") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 5]"),
                e.getMessage());
    }

    @Test
    void dtypeMismatchesAreClearErrors() {
        Tensor f = Tensor.zeros(2, 2);
        Tensor d = Tensor.zeros(Shape.of(2, 2), DType.FLOAT64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.matmul(d));
        assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("float64"), e.getMessage());
        Tensor labels = Tensor.ofLongs(new long[]{1, 2});
        e = assertThrows(IllegalArgumentException.class, labels::exp);
        assertTrue(e.getMessage().contains("exp") && e.getMessage().contains("int64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> f.gather(0, Tensor.zeros(2)));
        assertTrue(e.getMessage().contains("gather") && e.getMessage().contains("int64"), e.getMessage());
    }

    @Test
    void toStringShowsShapeDtypeAndValues() {
        String s = Tensor.of(new float[]{1, 2, 3}, 3).toString();
        assertTrue(s.contains("[3]") && s.contains("float32") && s.contains("2.000"), s);
        assertTrue(Tensor.zeros(100).toString().endsWith("...])"));
    }

    @Test
    void softmaxIsStableForLargeLogits() {
        Tensor p = Tensor.of(new double[]{1000, 1001, 1002}).softmax(0);
        double[] v = p.toDoubleArray();
        assertEquals(1, v[0] + v[1] + v[2], 1e-12);
        assertEquals(0.6652409557748219, v[2], 1e-12);
    }

    @Test
    void oneHotAndArgmax() {
        Tensor labels = Tensor.ofLongs(new long[]{2, 0});
        assertArrayEquals(new float[]{0, 0, 1, 1, 0, 0}, labels.oneHot(3).toFloatArray());
        assertArrayEquals(new long[]{1, 0}, Tensor.of(new float[]{0, 5, 1, 9, 2, 3}, 2, 3).argmax(1).toLongArray());
    }

    @Test
    void memoryScopeReleasesWhatItCreatedButKeepsWhatIsKept() {
        Tensor outside = Tensor.ones(3);
        Tensor kept;
        Tensor released;
        try (MemoryScope scope = MemoryScope.open()) {
            released = outside.mul(2);
            kept = MemoryScope.keep(outside.add(1));
            assertEquals(1, scope.size());
        }
        assertTrue(released.data().isClosed());
        assertFalse(kept.data().isClosed());
        assertFalse(outside.data().isClosed());
        assertArrayEquals(new float[]{2, 2, 2}, kept.toFloatArray());
    }

    @Test
    void outsideEscapesTheScope() {
        Tensor state;
        try (MemoryScope scope = MemoryScope.open()) {
            state = MemoryScope.outside(() -> Tensor.zeros(2));
        }
        assertFalse(state.data().isClosed());
    }

    @Test
    void inPlaceUpdateOfAParameterNeedsNoGrad() {
        Tensor w = Tensor.ones(2).requiresGrad(true);
        assertThrows(IllegalStateException.class, () -> w.subInPlace(Tensor.ones(2)));
        try (GradMode.Guard g = GradMode.noGrad()) {
            w.subInPlace(Tensor.ones(2).mul(0.5));
        }
        assertArrayEquals(new float[]{0.5f, 0.5f}, w.toFloatArray());
    }

    @Test
    void backwardFromANonScalarNeedsAnExplicitGradient() {
        Tensor w = Tensor.ones(2).requiresGrad(true);
        Tensor y = w.mul(3);
        assertThrows(IllegalArgumentException.class, y::backward);
        y.backward(Tensor.of(new float[]{1, 2}));
        assertArrayEquals(new float[]{3, 6}, w.grad().toFloatArray());
    }

    @Test
    void stackAndSplitAreInverse() {
        Tensor a = Tensor.of(new float[]{1, 2});
        Tensor b = Tensor.of(new float[]{3, 4});
        Tensor s = Tensor.stack(List.of(a, b), 0);
        assertEquals(Shape.of(2, 2), s.shape());
        assertArrayEquals(new float[]{3, 4}, s.split(1, 0).get(1).reshape(2).toFloatArray());
    }
}
