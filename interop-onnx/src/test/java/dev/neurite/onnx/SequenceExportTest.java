package dev.neurite.onnx;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.nn.Graph;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Sequential;
import dev.neurite.layers.attention.AttentionMasks;
import dev.neurite.layers.attention.MultiHeadAttention;
import dev.neurite.layers.attention.Transformer;
import dev.neurite.layers.attention.TransformerDecoder;
import dev.neurite.layers.attention.TransformerDecoderLayer;
import dev.neurite.layers.attention.TransformerEncoder;
import dev.neurite.layers.attention.TransformerEncoderLayer;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.embedding.Embedding;
import dev.neurite.layers.embedding.LearnedPositionalEmbedding;
import dev.neurite.layers.embedding.SinusoidalPositionalEncoding;
import dev.neurite.layers.rnn.GRU;
import dev.neurite.layers.rnn.LSTM;
import dev.neurite.layers.seq2seq.LstmSeq2Seq;
import dev.neurite.layers.seq2seq.RecurrentLanguageModel;
import dev.neurite.layers.seq2seq.TransformerSeq2Seq;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static dev.neurite.onnx.ExportTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sequence models (token embeddings, positional encodings, cross- and causal attention, Transformer decoders, the
 * encoder-decoder Transformer, the sequence-to-sequence and language models) export with symbolic batch and sequence
 * lengths; ONNX Runtime runs them at other sizes than the traced ones and matches Neurite to 1e-4, Neurite's importer
 * reads them back with the declared input types and dimensions, and onnx.checker accepts them.
 */
class SequenceExportTest {
    private static final DType F32 = DType.FLOAT32;

    /**
     * @param vocab per input, the token range of an int64 input (0 for float inputs)
     * @param reference Neurite's output for the model and the run inputs
     */
    record Case(String name, Supplier<Layer> model, List<OnnxInput> traced, long[] vocab, Map<String, Long> runSizes, boolean causal,
                BiFunction<Layer, List<Tensor>, Tensor> reference) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final BiFunction<Layer, List<Tensor>, Tensor> FORWARD = (m, in) -> m instanceof Graph g ? g.forward(in) : m.forward(in);

    private static Map<String, Long> sizes(Object... kv) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).longValue());
        }
        return m;
    }

    static Layer embeddingEncoder() {
        Generator g = new Generator(21);
        var layer = new TransformerEncoderLayer(16, 4, 32, 0.1, "relu", 1e-5, true, false, F32, 41);
        return new Sequential(new Embedding(11, 16, 0L, F32, 42), new SinusoidalPositionalEncoding(16, 32, true),
                new TransformerEncoder(layer, 2, true), new Dense(16, 5, g));
    }

    static Layer learnedPositionsTimeMajor() {
        Generator g = new Generator(22);
        return new Sequential(new Embedding(9, 8, null, F32, 43), new LearnedPositionalEmbedding(20, 8, false, F32, 44),
                new GRU(8, 6, 1, true, false, 0, false, F32, 45), new Dense(6, 3, g));
    }

    /** Cross-attention in a graph: the query from one input, key and value from a second ("memory"). */
    static Layer crossAttentionGraph() {
        Generator g = new Generator(23);
        Graph.Builder b = Graph.builder();
        Graph.Node q = b.input("query");
        Graph.Node m = b.input("memory");
        Graph.Node a = b.apply("attn", new MultiHeadAttention(8, 2, 0.1, true, true, F32, 46), q, m, m);
        return b.build(b.apply("head", new Dense(8, 3, g), a));
    }

    static Layer queryKeyValue() {
        return new MultiHeadAttention(8, 4, 0, true, false, F32, 47);
    }

    static Layer decoderLayer() {
        return new TransformerDecoderLayer(8, 2, 16, 0.1, "relu", 1e-5, false, false, F32, 48);
    }

    static Layer preNormDecoder() {
        return new TransformerDecoder(new TransformerDecoderLayer(8, 2, 16, 0.1, "gelu", 1e-5, true, true, F32, 49), 2, true);
    }

    /** An encoder and a decoder wired in a graph; the decoder takes the encoder's output as its memory. */
    static Layer encoderDecoderGraph() {
        Generator g = new Generator(24);
        Graph.Builder b = Graph.builder();
        Graph.Node src = b.input("src");
        Graph.Node tgt = b.input("tgt");
        Graph.Node memory = b.apply("encoder", new TransformerEncoder(
                new TransformerEncoderLayer(8, 2, 16, 0, "gelu", 1e-5, true, true, F32, 50), 1, true), src);
        Graph.Node dec = b.apply("decoder", new TransformerDecoder(
                new TransformerDecoderLayer(8, 2, 16, 0, "relu", 1e-5, true, false, F32, 51), 2, false), tgt, memory);
        return b.build(b.apply("head", new Dense(8, 4, g), dec));
    }

    static Layer transformer() {
        return new Transformer(8, 2, 2, 2, 16, 0.1, "relu", 1e-5, false, false, F32, 52);
    }

    static Layer transformerSeq2Seq() {
        return new TransformerSeq2Seq(13, 11, 16, 4, 2, 2, 32, 0.1, 24, false, 53);
    }

    static Layer preNormSeq2Seq() {
        return new TransformerSeq2Seq(7, 9, 8, 2, 1, 2, 16, 0, 16, true, 54);
    }

    /** An LSTM whose initial states are graph inputs, as its forward(List.of(x, h0, c0)) takes them. */
    static Layer lstmWithState() {
        Generator g = new Generator(25);
        Graph.Builder b = Graph.builder();
        Graph.Node x = b.input("x");
        Graph.Node h0 = b.input("h0");
        Graph.Node c0 = b.input("c0");
        Graph.Node y = b.apply("lstm", new LSTM(4, 5, 2, true, true, 0, true, F32, 55), x, h0, c0);
        return b.build(b.apply("head", new Dense(10, 2, g), y));
    }

    private static Tensor causalTimeMajor(Layer m, List<Tensor> in) {
        return ((TransformerDecoderLayer) m).forward(in.get(0), in.get(1), AttentionMasks.causal(in.get(0).size(0)), null, null, null);
    }

    private static Tensor causalBatchFirst(Layer m, List<Tensor> in) {
        return ((TransformerDecoder) m).forward(in.get(0), in.get(1), AttentionMasks.causal(in.get(0).size(1)), null, null, null);
    }

    private static Tensor causalTransformer(Layer m, List<Tensor> in) {
        return ((Transformer) m).forward(in.get(0), in.get(1), null, AttentionMasks.causal(in.get(1).size(0)), null, null, null, null);
    }

    static List<Case> cases() {
        long[] none = {0, 0, 0};
        return List.of(
                new Case("embedding_sinusoidal_encoder", SequenceExportTest::embeddingEncoder,
                        List.of(OnnxInput.tokens(1, 6).withDims("batch", "seq")),
                        new long[]{11}, sizes("batch", 3, "seq", 9), false, FORWARD),
                new Case("learned_positions_time_major", SequenceExportTest::learnedPositionsTimeMajor,
                        List.of(OnnxInput.tokens(5, 1).withDims("seq", "batch")),
                        new long[]{9}, sizes("seq", 8, "batch", 3), false, FORWARD),
                new Case("cross_attention_graph", SequenceExportTest::crossAttentionGraph,
                        List.of(OnnxInput.of(1, 4, 8).withDims("batch", "tgt_len", null),
                                OnnxInput.of(1, 6, 8).withDims("batch", "src_len", null)),
                        none, sizes("batch", 3, "tgt_len", 5, "src_len", 2), false, FORWARD),
                new Case("attention_query_key_value", SequenceExportTest::queryKeyValue,
                        List.of(OnnxInput.of(4, 1, 8).withDims("tgt_len", "batch", null),
                                OnnxInput.of(6, 1, 8).withDims("src_len", "batch", null),
                                OnnxInput.of(6, 1, 8).withDims("src_len", "batch", null)),
                        none, sizes("batch", 3, "tgt_len", 7, "src_len", 3), false, FORWARD),
                new Case("decoder_layer_causal", SequenceExportTest::decoderLayer,
                        List.of(OnnxInput.of(5, 1, 8).withDims("tgt_len", "batch", null),
                                OnnxInput.of(4, 1, 8).withDims("src_len", "batch", null)),
                        none, sizes("batch", 3, "tgt_len", 7, "src_len", 6), true, SequenceExportTest::causalTimeMajor),
                new Case("decoder_layer_unmasked", SequenceExportTest::decoderLayer,
                        List.of(OnnxInput.of(5, 1, 8).withDims("tgt_len", "batch", null),
                                OnnxInput.of(4, 1, 8).withDims("src_len", "batch", null)),
                        none, sizes("batch", 2, "tgt_len", 3, "src_len", 6), false, FORWARD),
                new Case("decoder_pre_norm_gelu_causal", SequenceExportTest::preNormDecoder,
                        List.of(OnnxInput.of(1, 5, 8).withDims("batch", "tgt_len", null),
                                OnnxInput.of(1, 4, 8).withDims("batch", "src_len", null)),
                        none, sizes("batch", 3, "tgt_len", 8, "src_len", 2), true, SequenceExportTest::causalBatchFirst),
                new Case("encoder_decoder_graph", SequenceExportTest::encoderDecoderGraph,
                        List.of(OnnxInput.of(1, 6, 8).withDims("batch", "src_len", null),
                                OnnxInput.of(1, 4, 8).withDims("batch", "tgt_len", null)),
                        none, sizes("batch", 3, "src_len", 5, "tgt_len", 7), false, FORWARD),
                new Case("transformer_causal", SequenceExportTest::transformer,
                        List.of(OnnxInput.of(6, 1, 8).withDims("src_len", "batch", null),
                                OnnxInput.of(4, 1, 8).withDims("tgt_len", "batch", null)),
                        none, sizes("batch", 3, "src_len", 9, "tgt_len", 5), true, SequenceExportTest::causalTransformer),
                new Case("transformer_seq2seq", SequenceExportTest::transformerSeq2Seq,
                        List.of(OnnxInput.tokens(1, 6).withDims("batch", "src_len"), OnnxInput.tokens(1, 5).withDims("batch", "tgt_len")),
                        new long[]{13, 11}, sizes("batch", 3, "src_len", 8, "tgt_len", 7), false, FORWARD),
                new Case("transformer_seq2seq_pre_norm", SequenceExportTest::preNormSeq2Seq,
                        List.of(OnnxInput.tokens(2, 4).withDims("batch", "src_len"), OnnxInput.tokens(2, 3).withDims("batch", "tgt_len")),
                        new long[]{7, 9}, sizes("batch", 1, "src_len", 6, "tgt_len", 5), false, FORWARD),
                new Case("lstm_seq2seq_attention", () -> new LstmSeq2Seq(13, 11, 8, 10, 2, true, 0.1, 56),
                        List.of(OnnxInput.tokens(1, 6).withDims("batch", "src_len"), OnnxInput.tokens(1, 5).withDims("batch", "tgt_len")),
                        new long[]{13, 11}, sizes("batch", 3, "src_len", 4, "tgt_len", 7), false, FORWARD),
                new Case("lstm_seq2seq_plain", () -> new LstmSeq2Seq(9, 7, 6, 5, 1, false, 0, 57),
                        List.of(OnnxInput.tokens(1, 6).withDims("batch", "src_len"), OnnxInput.tokens(1, 5).withDims("batch", "tgt_len")),
                        new long[]{9, 7}, sizes("batch", 2, "src_len", 3, "tgt_len", 8), false, FORWARD),
                new Case("char_lm_lstm", () -> new RecurrentLanguageModel(15, 8, 12, 2, "lstm", 0.1, 58),
                        List.of(OnnxInput.tokens(1, 6).withDims("batch", "seq")),
                        new long[]{15}, sizes("batch", 3, "seq", 10), false, FORWARD),
                new Case("char_lm_gru", () -> new RecurrentLanguageModel(15, 8, 12, 1, "gru", 0, 59),
                        List.of(OnnxInput.tokens(1, 6).withDims("batch", "seq")),
                        new long[]{15}, sizes("batch", 2, "seq", 4), false, FORWARD),
                new Case("lstm_initial_state_graph", SequenceExportTest::lstmWithState,
                        List.of(OnnxInput.of(1, 6, 4).withDims("batch", "seq", null), OnnxInput.of(4, 1, 5).withDims(null, "batch", null),
                                OnnxInput.of(4, 1, 5).withDims(null, "batch", null)),
                        none, sizes("batch", 3, "seq", 8), false, FORWARD));
    }

    static Stream<Arguments> casesAtOpsets() {
        return cases().stream().flatMap(c -> Stream.of(Arguments.of(c, 13), Arguments.of(c, 17)));
    }

    static OnnxExportOptions options(Case c, int opset) {
        return OnnxExportOptions.defaults().withOpset(opset).withCausalDecoder(c.causal());
    }

    /** Random inputs with every symbolic dimension at its run size: N(0, 1) floats, uniform tokens. */
    static List<Tensor> runInputs(Case c, long seed) {
        List<Tensor> in = new ArrayList<>();
        for (int i = 0; i < c.traced().size(); i++) {
            OnnxInput spec = c.traced().get(i);
            long[] dims = spec.shape().toArray();
            for (int a = 0; a < dims.length; a++) {
                String d = spec.dims().get(a);
                if (d != null) {
                    dims[a] = c.runSizes().get(d);
                }
            }
            in.add(spec.dtype() == DType.INT64 ? tokens(dims, c.vocab()[i], seed + i) : Tensor.randn(Shape.of(dims), seed + i));
        }
        return in;
    }

    static Tensor tokens(long[] dims, long vocab, long seed) {
        Random r = new Random(seed);
        long[] v = new long[Math.toIntExact(Shape.of(dims).numel())];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt((int) vocab);
        }
        return Tensor.ofLongs(v, dims);
    }

    static Map<String, Tensor> feeds(List<String> names, List<Tensor> inputs) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), inputs.get(i));
        }
        return m;
    }

    static Tensor reference(Case c, Layer model, List<Tensor> inputs) {
        try (GradMode.Guard g = GradMode.noGrad()) {
            return c.reference().apply(model, inputs);
        }
    }

    @ParameterizedTest(name = "{0} opset {1}")
    @MethodSource("casesAtOpsets")
    void onnxRuntimeMatchesNeurite(Case c, int opset) throws Exception {
        Layer model = c.model().get();
        model.eval();
        byte[] bytes = OnnxExporter.toBytes(model, options(c, opset), c.traced().toArray(OnnxInput[]::new));
        List<Tensor> inputs = runInputs(c, 100);
        Tensor expected = reference(c, model, inputs);
        OnnxModel back = OnnxImporter.load(bytes);
        List<String> names = back.inputs().stream().map(OnnxValueInfo::name).toList();
        for (int i = 0; i < c.traced().size(); i++) {
            OnnxInput spec = c.traced().get(i);
            OnnxValueInfo declared = back.inputs().get(i);
            assertEquals(spec.dtype(), declared.dtype(), c + ": dtype of input " + declared.name());
            for (int a = 0; a < spec.shape().rank(); a++) {
                Object want = spec.dims().get(a) == null ? (Object) spec.shape().size(a) : spec.dims().get(a);
                assertEquals(want, declared.dims().get(a), c + ": axis " + a + " of input " + declared.name());
            }
        }
        List<Object> outDims = back.outputs().get(0).dims();
        long[] actual = expected.shape().toArray();
        for (int a = 0; a < actual.length; a++) {
            Object d = outDims.get(a);
            long declared = d instanceof Long l ? l : c.runSizes().getOrDefault((String) d, -1L);
            assertEquals(actual[a], declared, c + ": declared output dimension " + a + " (" + d + ") at the run sizes " + c.runSizes());
        }
        try (OrtPeer ort = new OrtPeer(bytes)) {
            OrtPeer.Output out = ort.run(feeds(names, inputs)).get(0);
            assertArrayEquals(actual, out.shape(), c + ": output shape");
            assertClose(c + " (ONNX Runtime)", expected.toFloatArray(), out.values(), 1e-4);
        }
        try (GradMode.Guard g = GradMode.noGrad()) {
            assertClose(c + " (re-imported)", expected.toFloatArray(), back.forward(inputs).toFloatArray(), 1e-4);
        }
        assertTrue(back.parameters().keySet().containsAll(model.parameters().keySet()),
                "parameter names preserved: " + model.parameters().keySet() + " vs " + back.parameters().keySet());
    }

    @ParameterizedTest(name = "{0} opset {1}")
    @MethodSource("casesAtOpsets")
    void passesOnnxChecker(Case c, int opset) throws Exception {
        String reason = OnnxChecker.unavailableReason();
        Assumptions.assumeTrue(reason == null, reason);
        byte[] bytes = OnnxExporter.toBytes(c.model().get(), options(c, opset), c.traced().toArray(OnnxInput[]::new));
        assertEquals("", OnnxChecker.check(bytes), c + ": onnx.checker");
    }
}
