package dev.neurite.layers;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.backend.Kernels;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Registry;
import dev.neurite.layers.attention.AttentionOutput;
import dev.neurite.layers.attention.MultiHeadAttention;
import dev.neurite.layers.attention.Transformer;
import dev.neurite.layers.attention.TransformerDecoderLayer;
import dev.neurite.layers.attention.TransformerEncoderLayer;
import dev.neurite.layers.rnn.RecurrentLayer;
import dev.neurite.layers.rnn.RecurrentOutput;
import dev.neurite.layers.rnn.RecurrentState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static dev.neurite.layers.Fixtures.assertMatches;
import static dev.neurite.layers.Fixtures.map;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Embedding, RNN, LSTM, GRU, MultiHeadAttention and the Transformer layers against PyTorch 1.13 (fixtures/seq.json
 * and transformer.json, written by make_seq_fixtures.py and make_transformer_fixtures.py), in float32: every output
 * (sequence, final states, attention weights) and the gradients of {@code sum(output * upstream)} over all of them with
 * respect to the inputs, the initial states and every parameter, loaded by PyTorch's parameter names; on the backend's
 * fused kernels and again on the primitive path.
 */
class SequenceFixturesTest {

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        return Stream.of("seq.json", "transformer.json").flatMap(f -> Fixtures.cases(f).stream()).flatMap(c -> Stream.of(
                DynamicTest.dynamicTest((String) c.get("name"), () -> check(c)),
                DynamicTest.dynamicTest(c.get("name") + " (primitive path)", () -> Kernels.disabledWhile(() -> {
                    check(c);
                    return null;
                }))));
    }

    @SuppressWarnings("try")
    private static void check(Map<String, Object> c) {
        String name = (String) c.get("name");
        String type = (String) c.get("type");
        Config config = Fixtures.config(c.get("config")).with("seed", 1L);
        if (config.has("layer")) {
            config.with("layer", config.getConfig("layer").with("seed", 1L));
        }
        Layer layer = Registry.global().layer(Config.empty().with("type", type).with("config", config));
        Map<String, Tensor> params = layer.parameters();
        assertEquals(map(c.get("params")).keySet(), params.keySet(), name + ": parameter names as in PyTorch");
        try (GradMode.Guard g = GradMode.noGrad()) {
            map(c.get("params")).forEach((p, v) -> params.get(p).copyFrom(Fixtures.tensor(v)));
        }
        Map<String, Object> json = map(c.get("inputs"));
        Map<String, Tensor> inputs = new HashMap<>();
        for (String k : map(c.get("grad_inputs")).keySet()) {
            inputs.put(k, Fixtures.tensor(json.get(k)).requiresGrad(true));
        }
        Map<String, Tensor> outputs = switch (type) {
            case "embedding" -> Map.of("output", layer.forward(Fixtures.labels(json.get("indices"))));
            case "multihead_attention" -> attention((MultiHeadAttention) layer, c, inputs, json);
            case "transformer_encoder_layer" -> Map.of("output", ((TransformerEncoderLayer) layer).forward(inputs.get("src"),
                    optionalBool(json, "src_mask"), optionalBool(json, "src_key_padding_mask")));
            case "transformer_encoder" -> Map.of("output", layer.forward(inputs.get("src")));
            case "transformer_decoder_layer" -> Map.of("output", ((TransformerDecoderLayer) layer).forward(inputs.get("tgt"),
                    inputs.get("memory"), optionalBool(json, "tgt_mask"), null, null, optionalBool(json, "memory_key_padding_mask")));
            case "transformer" -> Map.of("output", ((Transformer) layer).forward(inputs.get("src"), inputs.get("tgt"), null,
                    optionalBool(json, "tgt_mask"), null, optionalBool(json, "src_key_padding_mask"), null,
                    optionalBool(json, "src_key_padding_mask")));
            default -> recurrent((RecurrentLayer) layer, inputs, json);
        };
        assertEquals(map(c.get("outputs")).keySet(), outputs.keySet(), name + " outputs");
        Tensor loss = null;
        for (Map.Entry<String, Object> e : map(c.get("outputs")).entrySet()) {
            Tensor out = outputs.get(e.getKey());
            assertMatches(e.getValue(), out, name + " " + e.getKey());
            Tensor term = out.mul(Fixtures.tensor(map(c.get("upstream")).get(e.getKey()))).sum();
            loss = loss == null ? term : loss.add(term);
        }
        loss.backward();
        map(c.get("grad_inputs")).forEach((k, v) -> assertMatches(v, inputs.get(k).grad(), name + " " + k + " gradient"));
        map(c.get("grad_params")).forEach((p, v) -> assertMatches(v, params.get(p).grad(), name + " " + p + " gradient"));
    }

    private static Map<String, Tensor> recurrent(RecurrentLayer layer, Map<String, Tensor> inputs, Map<String, Object> json) {
        RecurrentState state = inputs.containsKey("h0") ? new RecurrentState(inputs.get("h0"), inputs.get("c0")) : null;
        long[] lengths = json.containsKey("lengths") ? Arrays.stream(Fixtures.data(json.get("lengths"))).mapToLong(d -> (long) d).toArray() : null;
        RecurrentOutput out = layer.forward(inputs.get("input"), state, lengths);
        Map<String, Tensor> r = new LinkedHashMap<>();
        r.put("output", out.output());
        r.put("h_n", out.h());
        if (out.c() != null) {
            r.put("c_n", out.c());
        }
        return r;
    }

    private static Map<String, Tensor> attention(MultiHeadAttention layer, Map<String, Object> c, Map<String, Tensor> inputs,
                                                 Map<String, Object> json) {
        Tensor q = inputs.get("query");
        Tensor k = Boolean.TRUE.equals(c.get("self_attention")) ? q : inputs.get("key");
        Tensor v = Boolean.TRUE.equals(c.get("self_attention")) ? q : Boolean.TRUE.equals(c.get("same_kv")) ? k : inputs.get("value");
        Tensor kpm = json.containsKey("key_padding_mask") ? bool(json.get("key_padding_mask")) : null;
        Tensor mask = !json.containsKey("attn_mask") ? null
                : Boolean.TRUE.equals(c.get("float_mask")) ? Fixtures.tensor(json.get("attn_mask")) : bool(json.get("attn_mask"));
        boolean needWeights = map(c.get("outputs")).containsKey("weights");
        AttentionOutput out = layer.attend(q, k, v, kpm, mask, needWeights);
        Map<String, Tensor> r = new LinkedHashMap<>();
        r.put("output", out.output());
        if (needWeights) {
            r.put("weights", out.weights());
        }
        return r;
    }

    private static Tensor optionalBool(Map<String, Object> json, String key) {
        return json.containsKey(key) ? bool(json.get(key)) : null;
    }

    private static Tensor bool(Object json) {
        return Fixtures.tensor(json, DType.FLOAT64).ne(Tensor.scalar(0, DType.FLOAT64));
    }

    @AfterAll
    static void report() {
        System.out.printf("sequence layers vs PyTorch: worst relative error %.3g%n", Fixtures.takeWorstError());
    }
}
