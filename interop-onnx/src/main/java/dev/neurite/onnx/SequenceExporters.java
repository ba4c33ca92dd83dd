package dev.neurite.onnx;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Layer;
import dev.neurite.layers.attention.MultiHeadAttention;
import dev.neurite.layers.attention.TransformerEncoder;
import dev.neurite.layers.attention.TransformerEncoderLayer;
import dev.neurite.layers.rnn.Cell;
import dev.neurite.layers.rnn.RecurrentLayer;

import java.util.Map;

/**
 * ONNX nodes for the sequence layers: recurrent layers become ONNX's LSTM/GRU/RNN (the PyTorch-ordered gate blocks of
 * the named parameters are reordered by Split/Concat nodes, so the initializers keep the layer's names), and
 * self-attention and Transformer encoder layers become MatMul/Softmax graphs.
 */
final class SequenceExporters {
    private SequenceExporters() {
    }

    static boolean handles(Layer layer) {
        return layer instanceof RecurrentLayer || layer instanceof MultiHeadAttention || layer instanceof TransformerEncoderLayer
                || layer instanceof TransformerEncoder;
    }

    static String emit(GraphWriter w, Layer layer, String path, LayerExporters.Value x) {
        if (layer instanceof RecurrentLayer r) {
            return recurrent(w, r, path, x);
        }
        if (layer instanceof MultiHeadAttention mha) {
            return selfAttention(w, mha, path, x);
        }
        if (layer instanceof TransformerEncoderLayer t) {
            return encoderLayer(w, t, path, x);
        }
        TransformerEncoder enc = (TransformerEncoder) layer;
        Map<String, Layer> ch = enc.children();
        LayerExporters.Value v = LayerExporters.layer(w, ch.get("layers"), LayerExporters.join(path, "layers"), x);
        if (ch.containsKey("norm")) {
            v = LayerExporters.layer(w, ch.get("norm"), LayerExporters.join(path, "norm"), v);
        }
        return v.name();
    }

    /** PyTorch's gate blocks in ONNX's order: LSTM i,f,g,o to i,o,f,c; GRU r,z,n to z,r,h. */
    private static int[] onnxGateOrder(Cell cell) {
        return switch (cell) {
            case LSTM -> new int[]{0, 3, 1, 2};
            case GRU -> new int[]{1, 0, 2};
            default -> new int[]{0};
        };
    }

    /** {@code [G*H, k]} (or {@code [G*H]}) with its gate blocks reordered for ONNX, and a leading direction axis. */
    private static String reordered(GraphWriter w, String name, String param, Cell cell, long hidden) {
        return w.node("Unsqueeze", name + "_direction", new String[]{gates(w, name, param, cell, hidden),
                w.longs(name + "_axis0", 0)});
    }

    /** The gate blocks of {@code param} (stacked along axis 0) in ONNX's order. */
    private static String gates(GraphWriter w, String name, String param, Cell cell, long hidden) {
        int gates = cell.gates();
        String src = param;
        if (gates > 1) {
            long[] sizes = new long[gates];
            java.util.Arrays.fill(sizes, hidden);
            String[] parts = new String[gates];
            for (int i = 0; i < gates; i++) {
                parts[i] = w.fresh(name + "_gate" + i);
            }
            w.nodeWithOutputs("Split", name + "_split", new String[]{param, w.longs(name + "_sizes", sizes)}, parts, "axis", 0L);
            int[] order = onnxGateOrder(cell);
            String[] ordered = new String[gates];
            for (int i = 0; i < gates; i++) {
                ordered[i] = parts[order[i]];
            }
            src = w.node("Concat", name + "_onnx_gates", ordered, "axis", 0L);
        }
        return src;
    }

    private static String recurrent(GraphWriter w, RecurrentLayer r, String path, LayerExporters.Value x) {
        Cell cell = r.cell();
        long hidden = r.hiddenSize();
        int dirs = r.directions();
        Map<String, Tensor> p = r.parameters();
        String n = path.isEmpty() ? r.typeId() : path;
        String in = x.name();
        boolean unbatched = x.sample().rank() == 2;
        if (unbatched) {
            in = w.node("Unsqueeze", n + "_batch", new String[]{in, w.longs(n + "_batch_axis", 1)});
        } else if (r.batchFirst()) {
            in = w.node("Transpose", n + "_time_major", new String[]{in}, "perm", new long[]{1, 0, 2});
        }
        String op = switch (cell) {
            case LSTM -> "LSTM";
            case GRU -> "GRU";
            default -> "RNN";
        };
        for (int layer = 0; layer < r.numLayers(); layer++) {
            String[] ws = new String[dirs];
            String[] rs = new String[dirs];
            String[] bs = new String[dirs];
            for (int d = 0; d < dirs; d++) {
                String suffix = "_l" + layer + (d == 1 ? "_reverse" : "");
                String base = n + suffix;
                ws[d] = reordered(w, base + "_W", initializer(w, path, "weight_ih" + suffix, p), cell, hidden);
                rs[d] = reordered(w, base + "_R", initializer(w, path, "weight_hh" + suffix, p), cell, hidden);
                if (r.hasBias()) {
                    String bias = w.node("Concat", base + "_B", new String[]{
                            gates(w, base + "_Wb", initializer(w, path, "bias_ih" + suffix, p), cell, hidden),
                            gates(w, base + "_Rb", initializer(w, path, "bias_hh" + suffix, p), cell, hidden)}, "axis", 0L);
                    bs[d] = w.node("Unsqueeze", base + "_B_direction", new String[]{bias, w.longs(base + "_B_axis0", 0)});
                }
            }
            String wAll = dirs == 1 ? ws[0] : w.node("Concat", n + "_l" + layer + "_W_all", ws, "axis", 0L);
            String rAll = dirs == 1 ? rs[0] : w.node("Concat", n + "_l" + layer + "_R_all", rs, "axis", 0L);
            String bAll = !r.hasBias() ? null : dirs == 1 ? bs[0] : w.node("Concat", n + "_l" + layer + "_B_all", bs, "axis", 0L);
            String y = w.fresh(n + "_l" + layer + "_Y");
            Object[] attrs = {"hidden_size", hidden, "direction", dirs == 2 ? "bidirectional" : "forward"};
            if (cell == Cell.GRU) {
                attrs = new Object[]{attrs[0], attrs[1], attrs[2], attrs[3], "linear_before_reset", 1L};
            } else if (cell == Cell.RNN_RELU) {
                attrs = new Object[]{attrs[0], attrs[1], attrs[2], attrs[3], "activations",
                        dirs == 2 ? new String[]{"Relu", "Relu"} : new String[]{"Relu"}};
            }
            w.nodeWithOutputs(op, n + "_l" + layer, bAll == null ? new String[]{in, wAll, rAll} : new String[]{in, wAll, rAll, bAll},
                    new String[]{y}, attrs);
            // Y [seq, dirs, batch, hidden] -> [seq, batch, dirs * hidden], the next layer's input.
            String t = w.node("Transpose", n + "_l" + layer + "_directions_last", new String[]{y}, "perm", new long[]{0, 2, 1, 3});
            in = w.node("Reshape", n + "_l" + layer + "_output", new String[]{t, w.longs(n + "_l" + layer + "_shape", 0, 0, -1)});
        }
        if (unbatched) {
            return w.node("Squeeze", n + "_unbatch", new String[]{in, w.longs(n + "_unbatch_axis", 1)});
        }
        return r.batchFirst() ? w.node("Transpose", n + "_batch_first", new String[]{in}, "perm", new long[]{1, 0, 2}) : in;
    }

    private static String initializer(GraphWriter w, String path, String name, Map<String, Tensor> params) {
        return w.initializer(LayerExporters.join(path, name), params.get(name));
    }

    private static String selfAttention(GraphWriter w, MultiHeadAttention mha, String path, LayerExporters.Value x) {
        if (x.sample().rank() != 3) {
            throw new OnnxException("onnx export: attention '" + path + "' is exported for batched [.., .., embed] inputs, got "
                    + x.sample().shape());
        }
        String n = path.isEmpty() ? "self_attn" : path;
        long e = mha.embedDim();
        long heads = mha.numHeads();
        long dh = mha.headDim();
        String in = x.name();
        if (!mha.batchFirst()) {
            in = w.node("Transpose", n + "_batch_major", new String[]{in}, "perm", new long[]{1, 0, 2});
        }
        String wt = w.initializer(LayerExporters.join(path, "in_proj_weight"), mha.inProjWeight());
        String qkv = w.node("MatMul", n + "_in_proj", new String[]{in,
                w.node("Transpose", n + "_in_proj_t", new String[]{wt}, "perm", new long[]{1, 0})});
        if (mha.inProjBias() != null) {
            qkv = w.node("Add", n + "_in_proj_bias", new String[]{qkv,
                    w.initializer(LayerExporters.join(path, "in_proj_bias"), mha.inProjBias())});
        }
        String[] parts = {w.fresh(n + "_q"), w.fresh(n + "_k"), w.fresh(n + "_v")};
        w.nodeWithOutputs("Split", n + "_split", new String[]{qkv, w.longs(n + "_qkv_sizes", e, e, e)}, parts, "axis", -1L);
        String headShape = w.longs(n + "_head_shape", 0, 0, heads, dh);
        String[] h = new String[3];
        for (int i = 0; i < 3; i++) {
            String split = w.node("Reshape", parts[i] + "_heads", new String[]{parts[i], headShape});
            h[i] = w.node("Transpose", parts[i] + "_head_major", new String[]{split}, "perm", new long[]{0, 2, 1, 3});
        }
        String kt = w.node("Transpose", n + "_k_t", new String[]{h[1]}, "perm", new long[]{0, 1, 3, 2});
        String scores = w.node("Mul", n + "_scaled", new String[]{w.node("MatMul", n + "_scores", new String[]{h[0], kt}),
                w.scalar(n + "_scale", 1 / Math.sqrt(dh))});
        String weights = w.node("Softmax", n + "_softmax", new String[]{scores}, "axis", -1L);
        String ctx = w.node("MatMul", n + "_context", new String[]{weights, h[2]});
        String merged = w.node("Reshape", n + "_merge_heads", new String[]{
                w.node("Transpose", n + "_time_major_heads", new String[]{ctx}, "perm", new long[]{0, 2, 1, 3}),
                w.longs(n + "_merged_shape", 0, 0, e)});
        Tensor sample = x.sample();
        Tensor merged3 = mha.batchFirst() ? sample : sample.transpose(0, 1);
        String out = LayerExporters.layer(w, mha.outProj(), LayerExporters.join(path, "out_proj"),
                new LayerExporters.Value(merged, merged3)).name();
        return mha.batchFirst() ? out : w.node("Transpose", n + "_time_major", new String[]{out}, "perm", new long[]{1, 0, 2});
    }

    private static String encoderLayer(GraphWriter w, TransformerEncoderLayer t, String path, LayerExporters.Value x) {
        Map<String, Layer> ch = t.children();
        Config c = t.config();
        boolean gelu = "gelu".equalsIgnoreCase(c.getString("activation", "relu"));
        String n = path.isEmpty() ? "encoder_layer" : path;
        if (t.normFirst()) {
            LayerExporters.Value a = sub(w, ch, path, "norm1", x);
            String sa = selfAttention(w, t.selfAttn(), LayerExporters.join(path, "self_attn"), a);
            LayerExporters.Value h = new LayerExporters.Value(w.node("Add", n + "_residual1", new String[]{x.name(), sa}), x.sample());
            String ff = feedForward(w, ch, path, n, sub(w, ch, path, "norm2", h), gelu);
            return w.node("Add", n + "_residual2", new String[]{h.name(), ff});
        }
        String sa = selfAttention(w, t.selfAttn(), LayerExporters.join(path, "self_attn"), x);
        LayerExporters.Value h = sub(w, ch, path, "norm1",
                new LayerExporters.Value(w.node("Add", n + "_residual1", new String[]{x.name(), sa}), x.sample()));
        String ff = feedForward(w, ch, path, n, h, gelu);
        return sub(w, ch, path, "norm2", new LayerExporters.Value(w.node("Add", n + "_residual2", new String[]{h.name(), ff}),
                x.sample())).name();
    }

    private static LayerExporters.Value sub(GraphWriter w, Map<String, Layer> ch, String path, String child, LayerExporters.Value x) {
        return LayerExporters.layer(w, ch.get(child), LayerExporters.join(path, child), x);
    }

    private static String feedForward(GraphWriter w, Map<String, Layer> ch, String path, String n, LayerExporters.Value x,
                                      boolean gelu) {
        LayerExporters.Value h = sub(w, ch, path, "linear1", x);
        String act = gelu ? LayerExporters.gelu(w, n + "_gelu", h.name(), false) : w.node("Relu", n + "_relu", new String[]{h.name()});
        return sub(w, ch, path, "linear2", new LayerExporters.Value(act, h.sample())).name();
    }
}
