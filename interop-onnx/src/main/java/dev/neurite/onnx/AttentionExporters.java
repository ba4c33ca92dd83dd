package dev.neurite.onnx;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Layer;
import dev.neurite.layers.attention.MultiHeadAttention;
import dev.neurite.layers.attention.Transformer;
import dev.neurite.layers.attention.TransformerDecoder;
import dev.neurite.layers.attention.TransformerDecoderLayer;
import dev.neurite.layers.attention.TransformerEncoder;
import dev.neurite.layers.attention.TransformerEncoderLayer;

import java.util.List;
import java.util.Map;

import static dev.neurite.onnx.LayerExporters.join;

/**
 * Multi-head attention (self- and cross-attention, optionally causal) and the Transformer layers as
 * MatMul/Softmax graphs. The causal mask is built in the graph from the sequence lengths (Shape, Range, Greater),
 * so it follows a symbolic length and needs nothing newer than opset 13.
 */
final class AttentionExporters {
    private AttentionExporters() {
    }

    /**
     * Attention of {@code query} over {@code key}/{@code value}, each in the layer's layout; the same value three
     * times is self-attention (one in-projection product), key and value the same is cross-attention over a memory.
     *
     * @param causal whether query position {@code i} sees key positions {@code <= i} only
     */
    static String attention(GraphWriter w, MultiHeadAttention mha, String path, LayerExporters.Value query,
                            LayerExporters.Value key, LayerExporters.Value value, boolean causal) {
        for (LayerExporters.Value v : List.of(query, key, value)) {
            if (v.sample().rank() != 3) {
                throw new OnnxException("onnx export: attention '" + path + "' is exported for batched [.., .., " + mha.embedDim()
                        + "] inputs, got " + v.sample().shape());
            }
        }
        String n = path.isEmpty() ? "self_attn" : path;
        long e = mha.embedDim();
        long dh = mha.headDim();
        boolean self = query.name().equals(key.name()) && key.name().equals(value.name());
        boolean sharedKv = key.name().equals(value.name());
        String q = batchMajor(w, mha, n + "_query", query.name());
        String k = query.name().equals(key.name()) ? q : batchMajor(w, mha, n + "_key", key.name());
        String v = sharedKv ? k : batchMajor(w, mha, n + "_value", value.name());
        String wt = w.initializer(join(path, "in_proj_weight"), mha.inProjWeight());
        String wtT = w.node("Transpose", n + "_in_proj_t", new String[]{wt}, "perm", new long[]{1, 0});
        String bias = mha.inProjBias() == null ? null : w.initializer(join(path, "in_proj_bias"), mha.inProjBias());
        String[] parts;
        if (self) {
            String qkv = w.node("MatMul", n + "_in_proj", new String[]{q, wtT});
            if (bias != null) {
                qkv = w.node("Add", n + "_in_proj_bias", new String[]{qkv, bias});
            }
            parts = split(w, n, qkv, e, 3);
        } else if (sharedKv) {
            String kv = project(w, n + "_kv_proj", k, wtT, bias, e, 1, 3);
            String[] kvParts = split(w, n + "_kv", kv, e, 2);
            parts = new String[]{project(w, n + "_q_proj", q, wtT, bias, e, 0, 1), kvParts[0], kvParts[1]};
        } else {
            parts = new String[]{project(w, n + "_q_proj", q, wtT, bias, e, 0, 1), project(w, n + "_k_proj", k, wtT, bias, e, 1, 2),
                    project(w, n + "_v_proj", v, wtT, bias, e, 2, 3)};
        }
        String headShape = w.longs(n + "_head_shape", 0, 0, mha.numHeads(), dh);
        String[] h = new String[3];
        for (int i = 0; i < 3; i++) {
            String split = w.node("Reshape", parts[i] + "_heads", new String[]{parts[i], headShape});
            h[i] = w.node("Transpose", parts[i] + "_head_major", new String[]{split}, "perm", new long[]{0, 2, 1, 3});
        }
        String kt = w.node("Transpose", n + "_k_t", new String[]{h[1]}, "perm", new long[]{0, 1, 3, 2});
        String scores = w.node("Mul", n + "_scaled", new String[]{w.node("MatMul", n + "_scores", new String[]{h[0], kt}),
                w.scalar(n + "_scale", 1 / Math.sqrt(dh))});
        if (causal) {
            scores = w.node("Where", n + "_causal", new String[]{future(w, n, q, k), w.scalar(n + "_masked", Double.NEGATIVE_INFINITY),
                    scores});
        }
        String weights = w.node("Softmax", n + "_softmax", new String[]{scores}, "axis", -1L);
        String ctx = w.node("MatMul", n + "_context", new String[]{weights, h[2]});
        String merged = w.node("Reshape", n + "_merge_heads", new String[]{
                w.node("Transpose", n + "_time_major_heads", new String[]{ctx}, "perm", new long[]{0, 2, 1, 3}),
                w.longs(n + "_merged_shape", 0, 0, e)});
        String out = LayerExporters.layer(w, mha.outProj(), join(path, "out_proj"),
                new LayerExporters.Value(merged, query.sample())).name();
        return mha.batchFirst() ? out : w.node("Transpose", n + "_time_major", new String[]{out}, "perm", new long[]{1, 0, 2});
    }

    private static String batchMajor(GraphWriter w, MultiHeadAttention mha, String n, String x) {
        return mha.batchFirst() ? x : w.node("Transpose", n + "_batch_major", new String[]{x}, "perm", new long[]{1, 0, 2});
    }

    private static String[] split(GraphWriter w, String n, String x, long e, int count) {
        String[] names = {"_q", "_k", "_v"};
        String[] parts = new String[count];
        long[] sizes = new long[count];
        for (int i = 0; i < count; i++) {
            parts[i] = w.fresh(n + names[i + 3 - count]);
            sizes[i] = e;
        }
        w.nodeWithOutputs("Split", n + "_split", new String[]{x, w.longs(n + "_sizes", sizes)}, parts, "axis", -1L);
        return parts;
    }

    /** {@code x} times the in-projection blocks {@code from..to} (of q, k, v), plus their bias. */
    private static String project(GraphWriter w, String n, String x, String wtT, String bias, long e, int from, int to) {
        String starts = w.longs(n + "_start", from * e);
        String ends = w.longs(n + "_end", to * e);
        String cols = w.node("Slice", n + "_weight", new String[]{wtT, starts, ends, w.longs(n + "_axes", 1)});
        String y = w.node("MatMul", n, new String[]{x, cols});
        if (bias == null) {
            return y;
        }
        String b = w.node("Slice", n + "_bias", new String[]{bias, starts, ends, w.longs(n + "_bias_axes", 0)});
        return w.node("Add", n + "_add_bias", new String[]{y, b});
    }

    /** {@code [target, source]}, true where key {@code j} lies after query {@code i} (batch-major q and k). */
    private static String future(GraphWriter w, String n, String q, String k) {
        String zero = w.constant(n + "_zero", Tensor.scalar(0, DType.INT64));
        String one = w.constant(n + "_one", Tensor.scalar(1, DType.INT64));
        String target = w.dimScalar(n + "_target_len", q, 1);
        String source = q.equals(k) ? target : w.dimScalar(n + "_source_len", k, 1);
        String rows = w.node("Unsqueeze", n + "_rows", new String[]{w.node("Range", n + "_query_pos", new String[]{zero, target, one}),
                w.longs(n + "_rows_axis", 1)});
        String cols = w.node("Unsqueeze", n + "_cols", new String[]{w.node("Range", n + "_key_pos", new String[]{zero, source, one}),
                w.longs(n + "_cols_axis", 0)});
        return w.node("Greater", n + "_future", new String[]{cols, rows});
    }

    static String encoderLayer(GraphWriter w, TransformerEncoderLayer t, String path, LayerExporters.Value x) {
        Map<String, Layer> ch = t.children();
        boolean gelu = gelu(t.config());
        String n = path.isEmpty() ? "encoder_layer" : path;
        MultiHeadAttention sa = t.selfAttn();
        String saPath = join(path, "self_attn");
        if (t.normFirst()) {
            LayerExporters.Value a = sub(w, ch, path, "norm1", x);
            LayerExporters.Value h = add(w, n + "_residual1", x, attention(w, sa, saPath, a, a, a, false));
            return add(w, n + "_residual2", h, feedForward(w, ch, path, n, sub(w, ch, path, "norm2", h), gelu)).name();
        }
        LayerExporters.Value h = sub(w, ch, path, "norm1", add(w, n + "_residual1", x, attention(w, sa, saPath, x, x, x, false)));
        return sub(w, ch, path, "norm2", add(w, n + "_residual2", h, feedForward(w, ch, path, n, h, gelu))).name();
    }

    static String encoder(GraphWriter w, TransformerEncoder enc, String path, LayerExporters.Value x) {
        Map<String, Layer> ch = enc.children();
        LayerExporters.Value v = LayerExporters.layer(w, ch.get("layers"), join(path, "layers"), x);
        if (ch.containsKey("norm")) {
            v = sub(w, ch, path, "norm", v);
        }
        return v.name();
    }

    /** Causal self-attention (when asked), cross-attention over {@code memory}, feed-forward; post- or pre-norm. */
    static String decoderLayer(GraphWriter w, TransformerDecoderLayer t, String path, LayerExporters.Value x,
                               LayerExporters.Value memory, boolean causal) {
        Map<String, Layer> ch = t.children();
        boolean gelu = gelu(t.config());
        String n = path.isEmpty() ? "decoder_layer" : path;
        MultiHeadAttention sa = (MultiHeadAttention) ch.get("self_attn");
        MultiHeadAttention ca = (MultiHeadAttention) ch.get("multihead_attn");
        String saPath = join(path, "self_attn");
        String caPath = join(path, "multihead_attn");
        if (t.normFirst()) {
            LayerExporters.Value a = sub(w, ch, path, "norm1", x);
            LayerExporters.Value h1 = add(w, n + "_residual1", x, attention(w, sa, saPath, a, a, a, causal));
            LayerExporters.Value b = sub(w, ch, path, "norm2", h1);
            LayerExporters.Value h2 = add(w, n + "_residual2", h1, attention(w, ca, caPath, b, memory, memory, false));
            return add(w, n + "_residual3", h2, feedForward(w, ch, path, n, sub(w, ch, path, "norm3", h2), gelu)).name();
        }
        LayerExporters.Value h1 = sub(w, ch, path, "norm1", add(w, n + "_residual1", x, attention(w, sa, saPath, x, x, x, causal)));
        LayerExporters.Value h2 = sub(w, ch, path, "norm2", add(w, n + "_residual2", h1,
                attention(w, ca, caPath, h1, memory, memory, false)));
        return sub(w, ch, path, "norm3", add(w, n + "_residual3", h2, feedForward(w, ch, path, n, h2, gelu))).name();
    }

    static String decoder(GraphWriter w, TransformerDecoder dec, String path, LayerExporters.Value x, LayerExporters.Value memory,
                          boolean causal) {
        LayerExporters.Value v = x;
        List<TransformerDecoderLayer> layers = dec.layers();
        for (int i = 0; i < layers.size(); i++) {
            v = new LayerExporters.Value(decoderLayer(w, layers.get(i), join(path, "layers." + i), v, memory, causal), x.sample());
        }
        Map<String, Layer> ch = dec.children();
        if (ch.containsKey("norm")) {
            v = sub(w, ch, path, "norm", v);
        }
        return v.name();
    }

    static String transformer(GraphWriter w, Transformer t, String path, LayerExporters.Value src, LayerExporters.Value tgt,
                              boolean causal) {
        LayerExporters.Value memory = LayerExporters.layer(w, t.encoder(), join(path, "encoder"), src);
        return decoder(w, t.decoder(), join(path, "decoder"), tgt, memory, causal);
    }

    private static boolean gelu(Config c) {
        return "gelu".equalsIgnoreCase(c.getString("activation", "relu"));
    }

    private static LayerExporters.Value add(GraphWriter w, String n, LayerExporters.Value x, String y) {
        return new LayerExporters.Value(w.node("Add", n, new String[]{x.name(), y}), x.sample());
    }

    private static LayerExporters.Value sub(GraphWriter w, Map<String, Layer> ch, String path, String child, LayerExporters.Value x) {
        return LayerExporters.layer(w, ch.get(child), join(path, child), x);
    }

    private static String feedForward(GraphWriter w, Map<String, Layer> ch, String path, String n, LayerExporters.Value x,
                                      boolean gelu) {
        LayerExporters.Value h = sub(w, ch, path, "linear1", x);
        String act = gelu ? LayerExporters.gelu(w, n + "_gelu", h.name(), false) : w.node("Relu", n + "_relu", new String[]{h.name()});
        return sub(w, ch, path, "linear2", new LayerExporters.Value(act, h.sample())).name();
    }
}
