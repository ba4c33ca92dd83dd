package dev.neurite.layers.activation;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.backend.Kernels;
import dev.neurite.layers.FiniteDifference;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Maxout against hand-computed values, with float64 finite differences; PyTorch has no Maxout to compare with. */
class MaxoutTest {

    /** Two units of three pieces over two inputs, with weights chosen so each unit has a clear winner. */
    @SuppressWarnings("try")
    private static Maxout handSet() {
        Maxout m = new Maxout(2, 2, 3, DType.FLOAT64, 1);
        try (GradMode.Guard g = GradMode.noGrad()) {
            // Unit 0: x0 + x1, x0 - x1, -x0 + 1; unit 1: 2 x0, -x1, 0.5 (a constant piece).
            m.linear().weight().copyFrom(Tensor.of(DType.FLOAT64, new double[]{1, 1, 1, -1, -1, 0, 2, 0, 0, -1, 0, 0}, 6, 2));
            m.linear().bias().copyFrom(Tensor.of(DType.FLOAT64, new double[]{0, 0, 1, 0, 0, 0.5}, 6));
        }
        return m;
    }

    @Test
    void unitsAreTheMaximumOfTheirPieces() {
        Maxout m = handSet();
        Tensor x = Tensor.of(DType.FLOAT64, new double[]{1, 2, 3, -1, -2, 0.5}, 3, 2);
        // Row 1 (1, 2): unit 0 max(3, -1, 0) = 3; unit 1 max(2, -2, 0.5) = 2.
        // Row 2 (3, -1): max(2, 4, -2) = 4; max(6, 1, 0.5) = 6.
        // Row 3 (-2, 0.5): max(-1.5, -2.5, 3) = 3; max(-4, -0.5, 0.5) = 0.5.
        assertArrayEquals(new double[]{3, 2, 4, 6, 3, 0.5}, m.forward(x).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[]{3, 2, 4, 6, 3, 0.5}, Kernels.disabledWhile(() -> m.forward(x)).toDoubleArray(), 1e-12);
        assertEquals(Shape.of(2, 3, 2), m.forward(Tensor.zeros(Shape.of(2, 3, 2), DType.FLOAT64)).shape());
    }

    @Test
    void theMaxRoutesTheGradientToTheWinningPiece() {
        Maxout m = handSet();
        Tensor x = Tensor.of(DType.FLOAT64, new double[]{1, 2}, 1, 2).requiresGrad(true);
        m.forward(x).sum().backward();
        // Winners: unit 0 piece 0 (x0 + x1), unit 1 piece 0 (2 x0); only their rows get x, only their biases 1.
        assertArrayEquals(new double[]{1, 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0}, m.linear().weight().grad().toDoubleArray(), 0);
        assertArrayEquals(new double[]{1, 0, 0, 1, 0, 0}, m.linear().bias().grad().toDoubleArray(), 0);
        assertArrayEquals(new double[]{1 + 2, 1}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void passesGradientCheck() {
        Maxout m = new Maxout(4, 3, 2, DType.FLOAT64, 7);
        Tensor x = Tensor.random(Shape.of(5, 4), DType.FLOAT64, Distribution.NORMAL, 0, 1, 3).requiresGrad(true);
        List<Tensor> leaves = new ArrayList<>(List.of(x));
        leaves.addAll(m.parameters().values());
        FiniteDifference.assertGradients(() -> m.forward(x), leaves, 1e-6, 1e-6);
        Kernels.disabledWhile(() -> {
            FiniteDifference.assertGradients(() -> m.forward(x), leaves, 1e-6, 1e-6);
            return null;
        });
    }

    @Test
    void rejectsBadShapes() {
        assertEquals("maxout: expected input with last dimension 4, got shape [2, 3]", assertThrows(
                IllegalArgumentException.class, () -> new Maxout(4, 3, 2, DType.FLOAT32, 1).forward(Tensor.zeros(2, 3))).getMessage());
        assertEquals("maxout: in, out and pieces must be >= 1, got in=4, out=3, pieces=0", assertThrows(
                IllegalArgumentException.class, () -> new Maxout(4, 3, 0, DType.FLOAT32, 1)).getMessage());
    }
}
