package dev.neurite.onnx;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;
import dev.neurite.layers.attention.Transformer;
import dev.neurite.layers.seq2seq.TransformerSeq2Seq;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The causal mask built in the exported graph, checked in ONNX Runtime alone: changing the target from position
 * {@code t} on leaves every earlier position's output unchanged and changes position {@code t}'s, at a target length
 * other than the traced one. An export without the mask fails the same check, so it would catch a missing mask or a
 * mask that lets a position see later ones.
 */
class CausalExportTest {
    private static final int CHANGED_FROM = 4;

    @ParameterizedTest(name = "opset {0}")
    @ValueSource(ints = {13, 17})
    void seq2seqLogitsIgnoreLaterTargetTokens(int opset) throws Exception {
        TransformerSeq2Seq model = new TransformerSeq2Seq(13, 11, 16, 4, 1, 2, 32, 0, 24, false, 61);
        byte[] bytes = OnnxExporter.toBytes(model, OnnxExportOptions.defaults().withOpset(opset),
                OnnxInput.tokens(1, 5).withDims("batch", "src_len"), OnnxInput.tokens(1, 3).withDims("batch", "tgt_len"));
        Tensor src = SequenceExportTest.tokens(new long[]{2, 6}, 13, 1);
        long[] a = SequenceExportTest.tokens(new long[]{2, 9}, 11, 2).toLongArray();
        long[] b = a.clone();
        for (int i = 0; i < b.length; i++) {
            if (i % 9 >= CHANGED_FROM) {
                b[i] = (a[i] + 1 + i % 5) % 11;
            }
        }
        float[] ya = run(bytes, Map.of("src", src, "tgt_in", Tensor.ofLongs(a, 2, 9)));
        float[] yb = run(bytes, Map.of("src", src, "tgt_in", Tensor.ofLongs(b, 2, 9)));
        assertPrefixUnchanged("seq2seq logits", ya, yb, 2, 9, 11, true, true);
    }

    @ParameterizedTest(name = "opset {0}")
    @ValueSource(ints = {13, 17})
    void transformerDecoderSeesOnlyEarlierPositions(int opset) throws Exception {
        Transformer model = new Transformer(8, 2, 1, 2, 16, 0, "relu", 1e-5, false, false, DType.FLOAT32, 62);
        OnnxInput[] inputs = {OnnxInput.of(5, 1, 8).withDims("src_len", "batch", null),
                OnnxInput.of(4, 1, 8).withDims("tgt_len", "batch", null)};
        byte[] causal = OnnxExporter.toBytes(model, OnnxExportOptions.defaults().withOpset(opset).withCausalDecoder(true), inputs);
        byte[] unmasked = OnnxExporter.toBytes(model, OnnxExportOptions.defaults().withOpset(opset), inputs);
        Tensor src = Tensor.randn(dev.neurite.api.Shape.of(7, 3, 8), 3);
        float[] ta = Tensor.randn(dev.neurite.api.Shape.of(9, 3, 8), 4).toFloatArray();
        float[] tb = ta.clone();
        for (int i = CHANGED_FROM * 3 * 8; i < tb.length; i++) {
            tb[i] += 0.5f + (i % 7) * 0.1f;
        }
        Map<String, Tensor> fa = Map.of("src", src, "tgt", Tensor.of(ta, 9, 3, 8));
        Map<String, Tensor> fb = Map.of("src", src, "tgt", Tensor.of(tb, 9, 3, 8));
        assertPrefixUnchanged("causal decoder", run(causal, fa), run(causal, fb), 9, 3, 8, false, true);
        assertPrefixUnchanged("decoder without the mask", run(unmasked, fa), run(unmasked, fb), 9, 3, 8, false, false);
    }

    private static float[] run(byte[] model, Map<String, Tensor> feeds) throws Exception {
        try (OrtPeer ort = new OrtPeer(model)) {
            return ort.run(feeds).get(0).values();
        }
    }

    /**
     * Compares two outputs position by position ({@code [batch, seq, features]} when batch first, else
     * {@code [seq, batch, features]}): positions before {@link #CHANGED_FROM} must agree exactly when
     * {@code causal}, and must differ somewhere otherwise; position {@link #CHANGED_FROM} must differ either way.
     */
    private static void assertPrefixUnchanged(String what, float[] a, float[] b, long d0, long d1, long features, boolean batchFirst,
                                              boolean causal) {
        long seq = batchFirst ? d1 : d0;
        double[] worst = new double[(int) seq];
        for (long i = 0; i < d0; i++) {
            for (long j = 0; j < d1; j++) {
                int t = (int) (batchFirst ? j : i);
                for (long f = 0; f < features; f++) {
                    int at = (int) ((i * d1 + j) * features + f);
                    worst[t] = Math.max(worst[t], Math.abs(a[at] - b[at]));
                }
            }
        }
        double before = 0;
        for (int t = 0; t < CHANGED_FROM; t++) {
            before = Math.max(before, worst[t]);
        }
        assertTrue(worst[CHANGED_FROM] > 1e-3, what + ": the changed position " + CHANGED_FROM + " moved by only " + worst[CHANGED_FROM]);
        if (causal) {
            assertTrue(before <= 1e-6, what + ": positions before " + CHANGED_FROM + " moved by " + before + " when later ones changed");
        } else {
            assertTrue(before > 1e-3, what + ": positions before " + CHANGED_FROM + " should see later ones without the mask, moved by "
                    + before);
        }
    }
}
