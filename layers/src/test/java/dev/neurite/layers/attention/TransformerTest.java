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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Transformer layers: float64 finite differences, incremental decoding with a cache, names and errors. */
class TransformerTest {
    private static Tensor randn(long seed, long... shape) {
        return Tensor.randn(Shape.of(shape), seed).cast(DType.FLOAT64);
    }

    @Test
    void encoderAndDecoderLayerGradientsMatchFiniteDifferences() {
        for (boolean normFirst : new boolean[]{false, true}) {
            TransformerEncoderLayer enc = new TransformerEncoderLayer(4, 2, 6, 0, normFirst ? "gelu" : "relu", 1e-5, true, normFirst,
                    DType.FLOAT64, 5);
            Tensor src = randn(1, 2, 3, 4).requiresGrad(true);
            Tensor kpm = AttentionMasks.padding(new long[]{3, 2}, 3);
            List<Tensor> leaves = new ArrayList<>(enc.parameters().values());
            leaves.add(src);
            FiniteDifference.assertGradients(() -> enc.forward(src, null, kpm), leaves, 1e-6, 1e-6);

            TransformerDecoderLayer dec = new TransformerDecoderLayer(4, 2, 6, 0, "relu", 1e-5, false, normFirst, DType.FLOAT64, 6);
            Tensor tgt = randn(2, 3, 2, 4).requiresGrad(true);
            Tensor memory = randn(3, 2, 2, 4).requiresGrad(true);
            List<Tensor> decLeaves = new ArrayList<>(dec.parameters().values());
            decLeaves.addAll(List.of(tgt, memory));
            FiniteDifference.assertGradients(() -> dec.forward(tgt, memory, AttentionMasks.causal(3), null, null, null), decLeaves, 1e-6, 1e-6);
        }
    }

    @Test
    @SuppressWarnings("try")
    void incrementalDecodingWithACacheEqualsFullDecoding() {
        for (boolean batchFirst : new boolean[]{false, true}) {
            TransformerDecoder decoder = new TransformerDecoder(new TransformerDecoderLayer(8, 2, 16, 0.3, "relu", 1e-5, batchFirst,
                    !batchFirst, DType.FLOAT64, 11), 3, true);
            decoder.eval();
            int axis = batchFirst ? 1 : 0;
            Tensor tgt = batchFirst ? randn(1, 2, 6, 8) : randn(1, 6, 2, 8);
            Tensor memory = batchFirst ? randn(2, 2, 5, 8) : randn(2, 5, 2, 8);
            Tensor kpm = AttentionMasks.padding(new long[]{5, 3}, 5);
            try (GradMode.Guard g = GradMode.noGrad()) {
                Tensor full = decoder.forward(tgt, memory, AttentionMasks.causal(6), null, null, kpm);
                DecoderCache cache = new DecoderCache(3);
                List<Tensor> steps = new ArrayList<>();
                steps.add(decoder.decode(tgt.slice(axis, 0, 2), memory, kpm, cache));  // two positions at once, then one by one
                for (int t = 2; t < 6; t++) {
                    steps.add(decoder.decode(tgt.slice(axis, t, t + 1), memory, kpm, cache));
                    assertEquals(t + 1, cache.length());
                }
                Tensor incremental = Tensor.concat(steps, axis);
                assertArrayEquals(full.toDoubleArray(), incremental.toDoubleArray(), 1e-10, "batch first " + batchFirst);
            }
        }
    }

    @Test
    void parametersAreNamedAsInPyTorch() {
        Transformer t = new Transformer(8, 2, 2, 1, 16, 0, "relu", 1e-5, true, false, DType.FLOAT32, 1);
        List<String> names = List.copyOf(t.parameters().keySet());
        assertTrue(names.contains("encoder.layers.1.self_attn.in_proj_weight"), names.toString());
        assertTrue(names.contains("encoder.layers.0.linear1.weight"), names.toString());
        assertTrue(names.contains("encoder.norm.weight"), names.toString());
        assertTrue(names.contains("decoder.layers.0.multihead_attn.out_proj.bias"), names.toString());
        assertTrue(names.contains("decoder.layers.0.norm3.bias"), names.toString());
        assertTrue(names.contains("decoder.norm.bias"), names.toString());
        // nn.Transformer(8, 2, 2, 1, 16): 2 * 16 + 4 + 1 * 26 + 2 tensors
        assertEquals(2 * 12 + 2 + 18 + 2, names.size());
    }

    @Test
    void badInputIsRejected() {
        TransformerDecoder decoder = new TransformerDecoder(new TransformerDecoderLayer(8, 2, new dev.neurite.api.Generator(1)), 2, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decoder.forward(Tensor.zeros(3, 2, 8)));
        assertTrue(e.getMessage().contains("memory"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> decoder.decode(Tensor.zeros(1, 2, 8), Tensor.zeros(3, 2, 8), null,
                new DecoderCache(3)));
        assertTrue(e.getMessage().contains("3 layers"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TransformerEncoderLayer(8, 2, 16, 0, "swish", 1e-5, false, false,
                DType.FLOAT32, 1));
    }
}
