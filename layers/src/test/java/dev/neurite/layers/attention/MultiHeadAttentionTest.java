package dev.neurite.layers.attention;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.layers.FiniteDifference;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MultiHeadAttention: float64 finite differences, what the masks hide, dropout and errors. */
class MultiHeadAttentionTest {
    private static Tensor randn(long seed, long... shape) {
        return Tensor.randn(Shape.of(shape), seed).cast(DType.FLOAT64);
    }

    private static MultiHeadAttention mha(boolean batchFirst) {
        return new MultiHeadAttention(4, 2, 0, true, batchFirst, DType.FLOAT64, 3);
    }

    @Test
    @SuppressWarnings("try")
    void gradientsMatchFiniteDifferences() {
        MultiHeadAttention self = mha(true);
        try (GradMode.Guard g = GradMode.noGrad()) {
            // Non-zero biases, so that their gradients are checked at a general point.
            self.inProjBias().copyFrom(randn(9, 12).mul(0.3));
        }
        Tensor x = randn(1, 2, 3, 4).requiresGrad(true);
        Tensor kpm = AttentionMasks.padding(new long[]{3, 2}, 3);
        List<Tensor> leaves = new ArrayList<>(self.parameters().values());
        leaves.add(x);
        FiniteDifference.assertGradients(() -> {
            AttentionOutput out = self.attend(x, x, x, kpm, AttentionMasks.causal(3), true);
            return Tensor.concat(List.of(out.output().reshape(-1), out.weights().reshape(-1)), 0);
        }, leaves, 1e-6, 1e-6);

        MultiHeadAttention cross = mha(false);
        Tensor q = randn(2, 2, 2, 4).requiresGrad(true);
        Tensor k = randn(3, 5, 2, 4).requiresGrad(true);
        Tensor v = randn(4, 5, 2, 4).requiresGrad(true);
        List<Tensor> crossLeaves = new ArrayList<>(cross.parameters().values());
        crossLeaves.addAll(List.of(q, k, v));
        FiniteDifference.assertGradients(() -> cross.forward(q, k, v, AttentionMasks.padding(new long[]{5, 2}, 5), null),
                crossLeaves, 1e-6, 1e-6);
    }

    @Test
    @SuppressWarnings("try")
    void causalMaskHidesTheFuture() {
        MultiHeadAttention self = mha(true);
        Tensor x = randn(1, 1, 5, 4);
        Tensor changed = Tensor.concat(List.of(x.slice(1, 0, 3), randn(2, 1, 2, 4)), 1);
        try (GradMode.Guard g = GradMode.noGrad()) {
            Tensor a = self.forward(x, x, x, null, AttentionMasks.causal(5));
            Tensor b = self.forward(changed, changed, changed, null, AttentionMasks.causal(5));
            assertArrayEquals(a.slice(1, 0, 3).toDoubleArray(), b.slice(1, 0, 3).toDoubleArray(), 1e-12, "positions 0..2 see only 0..2");
            assertFalse(java.util.Arrays.equals(a.slice(1, 3, 5).toDoubleArray(), b.slice(1, 3, 5).toDoubleArray()));
            AttentionOutput weighted = self.attend(x, x, x, null, AttentionMasks.causal(5), true);
            double[] w = weighted.weights().toDoubleArray();
            for (int i = 0; i < 5; i++) {
                double row = 0;
                for (int j = 0; j < 5; j++) {
                    row += w[i * 5 + j];
                    if (j > i) {
                        assertEquals(0, w[i * 5 + j], 0, "weight of a future key");
                    }
                }
                assertEquals(1, row, 1e-12, "weights of a row sum to 1");
            }
        }
    }

    @Test
    @SuppressWarnings("try")
    void paddedKeysAreIgnored() {
        MultiHeadAttention cross = mha(false);
        Tensor q = randn(1, 3, 2, 4);
        Tensor k = randn(2, 4, 2, 4);
        Tensor otherK = Tensor.concat(List.of(k.slice(0, 0, 2), randn(3, 2, 2, 4)), 0);
        Tensor kpm = AttentionMasks.padding(new long[]{2, 2}, 4);
        try (GradMode.Guard g = GradMode.noGrad()) {
            assertArrayEquals(cross.forward(q, k, k, kpm, null).toDoubleArray(), cross.forward(q, otherK, otherK, kpm, null).toDoubleArray(), 1e-12);
        }
    }

    @Test
    @SuppressWarnings("try")
    void dropoutOnlyInTraining() {
        MultiHeadAttention a = new MultiHeadAttention(4, 2, 0.5, true, true, DType.FLOAT64, 3);
        MultiHeadAttention b = mha(true);
        Tensor x = randn(1, 2, 6, 4);
        try (GradMode.Guard g = GradMode.noGrad()) {
            a.train(true);
            assertFalse(java.util.Arrays.equals(a.forward(x).toDoubleArray(), b.forward(x).toDoubleArray()));
            a.eval();
            assertArrayEquals(b.forward(x).toDoubleArray(), a.forward(x).toDoubleArray(), 1e-12);
        }
    }

    @Test
    void parametersAreNamedAsInPyTorch() {
        MultiHeadAttention m = new MultiHeadAttention(8, 2, new dev.neurite.api.Generator(1));
        assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"), List.copyOf(m.parameters().keySet()));
        assertArrayEquals(new long[]{24, 8}, m.parameters().get("in_proj_weight").shape().toArray());
        assertArrayEquals(new double[24], m.parameters().get("in_proj_bias").toDoubleArray(), 0.0);
        assertArrayEquals(new double[8], m.parameters().get("out_proj.bias").toDoubleArray(), 0.0);
    }

    @Test
    void badInputIsRejectedWithShapes() {
        MultiHeadAttention m = new MultiHeadAttention(8, 2, new dev.neurite.api.Generator(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.zeros(3, 2, 6)));
        assertTrue(e.getMessage().contains("multihead_attention") && e.getMessage().contains("[3, 2, 6]"), e.getMessage());
        Tensor x = Tensor.zeros(3, 2, 8);
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(x, x, x, null, AttentionMasks.causal(4)));
        assertTrue(e.getMessage().contains("attn_mask") && e.getMessage().contains("[4, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(x, x, x, AttentionMasks.padding(new long[]{1, 2, 3}, 3), null));
        assertTrue(e.getMessage().contains("key_padding_mask"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(6, 4, new dev.neurite.api.Generator(1)));
    }
}
