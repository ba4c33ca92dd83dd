package dev.neurite.onnx;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Add;
import dev.neurite.api.nn.Concat;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Graph;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Sequential;
import dev.neurite.layers.activation.ELU;
import dev.neurite.layers.activation.GELU;
import dev.neurite.layers.activation.LeakyReLU;
import dev.neurite.layers.activation.LogSoftmax;
import dev.neurite.layers.activation.PReLU;
import dev.neurite.layers.activation.ReLU;
import dev.neurite.layers.activation.Sigmoid;
import dev.neurite.layers.activation.Softmax;
import dev.neurite.layers.activation.Swish;
import dev.neurite.layers.activation.Tanh;
import dev.neurite.layers.conv.AvgPool2d;
import dev.neurite.layers.conv.Conv1d;
import dev.neurite.layers.conv.Conv2d;
import dev.neurite.layers.conv.ConvTranspose2d;
import dev.neurite.layers.conv.Dropout2d;
import dev.neurite.layers.conv.GlobalAvgPool;
import dev.neurite.layers.conv.MaxPool2d;
import dev.neurite.layers.conv.ResidualBlock;
import dev.neurite.layers.conv.Upsample;
import dev.neurite.layers.conv.ZeroPad2d;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.core.Dropout;
import dev.neurite.layers.core.Flatten;
import dev.neurite.layers.core.Normalize;
import dev.neurite.layers.norm.BatchNorm;
import dev.neurite.layers.norm.GroupNorm;
import dev.neurite.layers.norm.LayerNorm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** ONNX nodes for each standard layer, emitted into a {@link GraphWriter} and traced on sample values. */
final class LayerExporters {
    private LayerExporters() {
    }

    /** A value of the graph being written, with a sample of it (for ranks and sizes). */
    record Value(String name, Tensor sample) {
    }

    static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    private static String nodeName(String path, String fallback) {
        return path.isEmpty() ? fallback : path;
    }

    static List<Value> graph(GraphWriter w, Graph g, String prefix, List<Value> inputs) {
        Config c = g.config();
        Map<String, Value> values = new java.util.LinkedHashMap<>();
        List<String> inputNames = g.inputNames();
        for (int i = 0; i < inputNames.size(); i++) {
            values.put(inputNames.get(i), inputs.get(i));
        }
        for (Config step : c.getConfigList("nodes")) {
            String layerName = step.getString("layer");
            Layer layer = g.children().get(layerName);
            List<Value> args = new ArrayList<>();
            for (Object in : step.getList("inputs")) {
                args.add(values.get((String) in));
            }
            String path = join(prefix, layerName);
            Value out = layer(w, layer, path, args);
            values.put(step.getString("name"), out);
        }
        return g.outputNames().stream().map(values::get).toList();
    }

    static Value layer(GraphWriter w, Layer layer, String path, Value x) {
        return layer(w, layer, path, List.of(x));
    }

    static Value layer(GraphWriter w, Layer layer, String path, List<Value> args) {
        List<Tensor> samples = args.stream().map(Value::sample).toList();
        if (layer instanceof Add) {
            String acc = args.get(0).name();
            for (int i = 1; i < args.size(); i++) {
                acc = w.node("Add", nodeName(path, "Add"), new String[]{acc, args.get(i).name()});
            }
            return new Value(acc, layer.forward(samples));
        }
        if (layer instanceof Concat) {
            Tensor out = layer.forward(samples);
            int axis = layer.config().getInt("axis", 1);
            String[] names = args.stream().map(Value::name).toArray(String[]::new);
            return new Value(w.node("Concat", nodeName(path, "Concat"), names, "axis", (long) axis), out);
        }
        if (args.size() != 1) {
            if (!SequenceExporters.handles(layer)) {
                throw new OnnxException("onnx export: layer '" + path + "' (" + layer.typeId() + ") takes one input, got "
                        + args.size());
            }
            Tensor y = trace(layer, path, samples);
            return new Value(SequenceExporters.emit(w, layer, path, args), y);
        }
        Value x = args.get(0);
        if (layer instanceof Sequential s) {
            Value v = x;
            List<Layer> layers = s.layers();
            for (int i = 0; i < layers.size(); i++) {
                v = layer(w, layers.get(i), join(path, Integer.toString(i)), v);
            }
            return v;
        }
        if (layer instanceof Graph g) {
            List<Value> out = graph(w, g, path, List.of(x));
            if (out.size() != 1) {
                throw new OnnxException("onnx export: nested graph '" + path + "' has " + out.size() + " outputs; only one is supported");
            }
            return out.get(0);
        }
        Tensor y = trace(layer, path, samples);
        String out = emit(w, layer, path, x);
        return new Value(out, y);
    }

    /** The layer's output on the samples, which also checks that it accepts them. */
    private static Tensor trace(Layer layer, String path, List<Tensor> samples) {
        try {
            return samples.size() == 1 ? layer.forward(samples.get(0)) : layer.forward(samples);
        } catch (OnnxException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            String got = samples.stream().map(t -> t.shape() + " " + t.dtype().id()).toList().toString();
            throw new OnnxException("onnx export: layer '" + path + "' (" + layer.typeId() + ") rejects traced input" + (samples.size() == 1
                    ? " " + got.substring(1, got.length() - 1) : "s " + got) + ": " + e.getMessage()
                    + (String.valueOf(e.getMessage()).contains("int64") ? " (declare token inputs with OnnxInput.tokens)" : ""), e);
        }
    }

    private static String param(GraphWriter w, String path, String name, Tensor t) {
        return w.initializer(join(path, name), t);
    }

    private static long[] ints(Config c, String key, int n) {
        Object v = c.asMap().get(key);
        long[] r = new long[n];
        if (v instanceof Number num) {
            java.util.Arrays.fill(r, num.longValue());
        } else if (v instanceof List<?> l) {
            for (int i = 0; i < n; i++) {
                r[i] = ((Number) l.get(i)).longValue();
            }
        } else {
            throw new OnnxException("onnx export: config key '" + key + "' missing in " + c.asMap());
        }
        return r;
    }

    private static long[] symmetricPads(long[] p) {
        long[] pads = new long[2 * p.length];
        for (int i = 0; i < p.length; i++) {
            pads[i] = p[i];
            pads[i + p.length] = p[i];
        }
        return pads;
    }

    private static String emit(GraphWriter w, Layer layer, String path, Value x) {
        String in = x.name();
        int rank = x.sample().rank();
        Config c = layer.config();
        if (layer instanceof Dense d) {
            String wt = param(w, path, "weight", d.weight());
            String b = d.bias() == null ? null : param(w, path, "bias", d.bias());
            if (rank == 2) {
                return w.node("Gemm", nodeName(path, "Gemm"), b == null ? new String[]{in, wt} : new String[]{in, wt, b},
                        "transB", 1L);
            }
            String t = w.node("Transpose", nodeName(path, "Dense") + "_transpose", new String[]{wt}, "perm", new long[]{1, 0});
            String mm = w.node("MatMul", nodeName(path, "MatMul"), new String[]{in, t});
            return b == null ? mm : w.node("Add", nodeName(path, "Dense") + "_bias", new String[]{mm, b});
        }
        if (layer instanceof Conv2d conv) {
            long[] stride = ints(c, "stride", 2);
            long[] pad = ints(c, "padding", 2);
            long[] dil = ints(c, "dilation", 2);
            long[] k = ints(c, "kernel", 2);
            return conv(w, path, in, conv.weight(), conv.bias(), k, stride, symmetricPads(pad), dil, c.getInt("groups", 1));
        }
        if (layer instanceof Conv1d conv) {
            long[] k = ints(c, "kernel", 1);
            return conv(w, path, in, conv.weight(), conv.bias(), k, ints(c, "stride", 1), symmetricPads(ints(c, "padding", 1)),
                    ints(c, "dilation", 1), c.getInt("groups", 1));
        }
        if (layer instanceof ConvTranspose2d ct) {
            String wt = param(w, path, "weight", ct.weight());
            String[] ins = ct.bias() == null ? new String[]{in, wt} : new String[]{in, wt, param(w, path, "bias", ct.bias())};
            return w.node("ConvTranspose", nodeName(path, "ConvTranspose"), ins, "kernel_shape", ints(c, "kernel", 2),
                    "strides", ints(c, "stride", 2), "pads", symmetricPads(ints(c, "padding", 2)),
                    "output_padding", ints(c, "output_padding", 2), "dilations", ints(c, "dilation", 2));
        }
        if (layer instanceof MaxPool2d || layer instanceof AvgPool2d) {
            boolean max = layer instanceof MaxPool2d;
            long[] k = ints(c, "kernel", 2);
            Object[] attrs = {"kernel_shape", k, "strides", ints(c, "stride", 2), "pads", symmetricPads(ints(c, "padding", 2))};
            if (!max) {
                attrs = new Object[]{attrs[0], attrs[1], attrs[2], attrs[3], attrs[4], attrs[5], "count_include_pad", 1L};
            }
            return w.node(max ? "MaxPool" : "AveragePool", nodeName(path, max ? "MaxPool" : "AveragePool"), new String[]{in},
                    attrs);
        }
        if (layer instanceof GlobalAvgPool) {
            String p = w.node("GlobalAveragePool", nodeName(path, "GlobalAveragePool"), new String[]{in});
            return w.node("Flatten", nodeName(path, "GlobalAveragePool") + "_flatten", new String[]{p}, "axis", 1L);
        }
        if (layer instanceof BatchNorm bn) {
            Tensor scale = bn.weight() != null ? bn.weight() : Tensor.ones(bn.runningMean().shape(), bn.runningMean().dtype());
            Tensor bias = bn.bias() != null ? bn.bias() : Tensor.zeros(bn.runningMean().shape(), bn.runningMean().dtype());
            String s = bn.weight() != null ? param(w, path, "weight", scale) : w.constant((join(path, "weight")), scale);
            String b = bn.bias() != null ? param(w, path, "bias", bias) : w.constant((join(path, "bias")), bias);
            String m = param(w, path, "running_mean", bn.runningMean());
            String v = param(w, path, "running_var", bn.runningVar());
            return w.node("BatchNormalization", nodeName(path, "BatchNormalization"), new String[]{in, s, b, m, v},
                    "epsilon", c.getDouble("eps", 1e-5));
        }
        if (layer instanceof LayerNorm ln) {
            return layerNorm(w, path, in, ln, rank, c.getDouble("eps", 1e-5));
        }
        if (layer instanceof GroupNorm) {
            return groupNorm(w, path, in, layer, c);
        }
        if (SequenceExporters.handles(layer)) {
            return SequenceExporters.emit(w, layer, path, List.of(x));
        }
        if (layer instanceof ResidualBlock block) {
            return residual(w, path, x, block);
        }
        if (layer instanceof Flatten) {
            int start = c.getInt("start_axis", 1);
            int a = start < 0 ? start + rank : start;
            if (a == rank - 1) {
                return in;
            }
            if (a <= 1) {
                return w.node("Flatten", nodeName(path, "Flatten"), new String[]{in}, "axis", (long) Math.max(a, 0));
            }
            long[] shape = new long[a + 1];
            shape[a] = -1;
            return w.node("Reshape", nodeName(path, "Flatten"), new String[]{in, w.longs(join(path, "shape"), shape)});
        }
        if (layer instanceof Dropout || layer instanceof Dropout2d) {
            return w.node("Identity", nodeName(path, "Dropout"), new String[]{in});
        }
        if (layer instanceof Normalize) {
            Map<String, Tensor> buf = layer.buffers();
            String m = param(w, path, "mean", buf.get("mean"));
            String s = param(w, path, "std", buf.get("std"));
            String sub = w.node("Sub", nodeName(path, "Normalize") + "_sub", new String[]{in, m});
            return w.node("Div", nodeName(path, "Normalize"), new String[]{sub, s});
        }
        if (layer instanceof ZeroPad2d) {
            long[] pads = new long[2 * rank];
            pads[rank - 2] = c.getInt("top");
            pads[rank - 1] = c.getInt("left");
            pads[2 * rank - 2] = c.getInt("bottom");
            pads[2 * rank - 1] = c.getInt("right");
            return w.node("Pad", nodeName(path, "Pad"), new String[]{in, w.longs(join(path, "pads"), pads)}, "mode", "constant");
        }
        if (layer instanceof Upsample up) {
            double s = up.scale();
            boolean nearest = up.mode() == Upsample.Mode.NEAREST;
            String scales = w.constant((join(path, "scales")), Tensor.of(new float[]{1, 1, (float) s, (float) s}, 4));
            boolean align = c.getBoolean("align_corners", false);
            return w.node("Resize", nodeName(path, "Resize"), new String[]{in, null, scales}, "mode", nearest ? "nearest" : "linear",
                    "coordinate_transformation_mode", nearest ? "asymmetric" : align ? "align_corners" : "pytorch_half_pixel",
                    "nearest_mode", "floor");
        }
        return activation(w, layer, path, in, rank, c);
    }

    private static String conv(GraphWriter w, String path, String in, Tensor weight, Tensor bias, long[] k, long[] stride,
                               long[] pads, long[] dil, int groups) {
        String wt = param(w, path, "weight", weight);
        String[] ins = bias == null ? new String[]{in, wt} : new String[]{in, wt, param(w, path, "bias", bias)};
        return w.node("Conv", nodeName(path, "Conv"), ins, "kernel_shape", k, "strides", stride, "pads", pads,
                "dilations", dil, "group", (long) groups);
    }

    private static String activation(GraphWriter w, Layer layer, String path, String in, int rank, Config c) {
        String n = nodeName(path, layer.typeId());
        if (layer instanceof ReLU) {
            return w.node("Relu", n, new String[]{in});
        }
        if (layer instanceof Sigmoid) {
            return w.node("Sigmoid", n, new String[]{in});
        }
        if (layer instanceof Tanh) {
            return w.node("Tanh", n, new String[]{in});
        }
        if (layer instanceof LeakyReLU l) {
            return w.node("LeakyRelu", n, new String[]{in}, "alpha", l.slope());
        }
        if (layer instanceof ELU e) {
            return w.node("Elu", n, new String[]{in}, "alpha", e.alpha());
        }
        if (layer instanceof Softmax s) {
            return w.node("Softmax", n, new String[]{in}, "axis", (long) s.axis());
        }
        if (layer instanceof LogSoftmax s) {
            return w.node("LogSoftmax", n, new String[]{in}, "axis", (long) s.axis());
        }
        if (layer instanceof Swish) {
            String sig = w.node("Sigmoid", n + "_sigmoid", new String[]{in});
            return w.node("Mul", n, new String[]{in, sig});
        }
        if (layer instanceof GELU) {
            return gelu(w, n, in, "tanh".equals(c.getString("approximate", "none")));
        }
        if (layer instanceof PReLU) {
            Tensor slope = layer.parameters().get("weight");
            long count = slope.numel();
            String s;
            if (count == 1 || rank <= 2) {
                s = param(w, path, "weight", slope);
            } else {
                String raw = param(w, path, "weight", slope);
                long[] shape = new long[rank - 1];
                java.util.Arrays.fill(shape, 1);
                shape[0] = count;
                s = w.node("Reshape", n + "_slope", new String[]{raw, w.longs(join(path, "slope_shape"), shape)});
            }
            return w.node("PRelu", n, new String[]{in, s});
        }
        throw new OnnxException("onnx export: layer '" + path + "' of type '" + layer.typeId()
                + "' has no ONNX exporter (supported: sequential, graph, add, concat, dense, conv1d, conv2d, "
                + "conv_transpose2d, max/avg_pool2d, global_avg_pool, batch/layer/group norm, residual_block, flatten, "
                + "dropout, normalize, zero_pad2d, upsample, embedding, the positional encodings, rnn/lstm/gru, "
                + "multihead_attention, transformer_encoder(_layer), transformer_decoder(_layer), transformer, "
                + "transformer_seq2seq, lstm_seq2seq, recurrent_language_model and the activations)");
    }

    static String gelu(GraphWriter w, String n, String in, boolean tanh) {
        if (tanh) {
            String cube = w.node("Pow", n + "_cube", new String[]{in, w.scalar(n + "_three", 3)});
            String inner = w.node("Add", n + "_inner", new String[]{in,
                    w.node("Mul", n + "_cubic", new String[]{cube, w.scalar(n + "_k", 0.044715)})});
            String t = w.node("Tanh", n + "_tanh", new String[]{
                    w.node("Mul", n + "_scale", new String[]{inner, w.scalar(n + "_sqrt2pi", Math.sqrt(2 / Math.PI))})});
            String onePlus = w.node("Add", n + "_one_plus", new String[]{t, w.scalar(n + "_one", 1)});
            String half = w.node("Mul", n + "_half", new String[]{in, w.scalar(n + "_half_c", 0.5)});
            return w.node("Mul", n, new String[]{half, onePlus});
        }
        String e = w.node("Erf", n + "_erf", new String[]{
                w.node("Div", n + "_div", new String[]{in, w.scalar(n + "_sqrt2", Math.sqrt(2))})});
        String onePlus = w.node("Add", n + "_one_plus", new String[]{e, w.scalar(n + "_one", 1)});
        String half = w.node("Mul", n + "_half", new String[]{in, w.scalar(n + "_half_c", 0.5)});
        return w.node("Mul", n, new String[]{half, onePlus});
    }

    private static String layerNorm(GraphWriter w, String path, String in, LayerNorm ln, int rank, double eps) {
        int dims = ln.normalizedShape().length;
        String n = nodeName(path, "LayerNormalization");
        Tensor weight = ln.weight() != null ? ln.weight() : Tensor.ones(dev.neurite.api.Shape.of(ln.normalizedShape()),
                dev.neurite.api.DType.FLOAT32);
        String s = ln.weight() != null ? param(w, path, "weight", weight) : w.constant((join(path, "weight")), weight);
        String b = ln.bias() != null ? param(w, path, "bias", ln.bias()) : null;
        if (w.opset >= 17) {
            return w.node("LayerNormalization", n, b == null ? new String[]{in, s} : new String[]{in, s, b},
                    "axis", (long) -dims, "epsilon", eps);
        }
        long[] axes = new long[dims];
        for (int i = 0; i < dims; i++) {
            axes[i] = -dims + i;
        }
        String mean = w.node("ReduceMean", n + "_mean", new String[]{in}, "axes", axes, "keepdims", 1L);
        String centered = w.node("Sub", n + "_center", new String[]{in, mean});
        String sq = w.node("Mul", n + "_square", new String[]{centered, centered});
        String var = w.node("ReduceMean", n + "_var", new String[]{sq}, "axes", axes, "keepdims", 1L);
        String std = w.node("Sqrt", n + "_std", new String[]{w.node("Add", n + "_eps", new String[]{var, w.scalar(n + "_epsilon", eps)})});
        String y = w.node("Mul", n + "_scale", new String[]{w.node("Div", n + "_normalize", new String[]{centered, std}), s});
        return b == null ? y : w.node("Add", n, new String[]{y, b});
    }

    private static String groupNorm(GraphWriter w, String path, String in, Layer layer, Config c) {
        String n = nodeName(path, "GroupNorm");
        long groups = c.getLong("groups");
        long channels = c.getLong("channels");
        String shape = w.node("Shape", n + "_shape", new String[]{in});
        String grouped = w.node("Reshape", n + "_group", new String[]{in, w.longs(join(path, "group_shape"), 0, groups, -1)});
        String mean = w.node("ReduceMean", n + "_mean", new String[]{grouped}, "axes", new long[]{2}, "keepdims", 1L);
        String centered = w.node("Sub", n + "_center", new String[]{grouped, mean});
        String var = w.node("ReduceMean", n + "_var", new String[]{w.node("Mul", n + "_square", new String[]{centered, centered})},
                "axes", new long[]{2}, "keepdims", 1L);
        String std = w.node("Sqrt", n + "_std", new String[]{w.node("Add", n + "_eps", new String[]{var,
                w.scalar(n + "_epsilon", c.getDouble("eps", 1e-5))})});
        String y = w.node("Reshape", n + "_ungroup", new String[]{w.node("Div", n + "_normalize", new String[]{centered, std}), shape});
        if (!c.getBoolean("affine", true)) {
            return y;
        }
        Map<String, Tensor> p = layer.parameters();
        String wt = w.node("Unsqueeze", n + "_weight", new String[]{param(w, path, "weight", p.get("weight")),
                w.longs(join(path, "axes"), 1, 2)});
        String bs = w.node("Unsqueeze", n + "_bias", new String[]{param(w, path, "bias", p.get("bias")),
                w.longs(join(path, "bias_axes"), 1, 2)});
        if (channels < 1) {
            throw new OnnxException("onnx export: group norm '" + path + "' has no channels");
        }
        return w.node("Add", n, new String[]{w.node("Mul", n + "_scale", new String[]{y, wt}), bs});
    }

    private static String residual(GraphWriter w, String path, Value x, ResidualBlock block) {
        Map<String, Layer> ch = block.children();
        Value h = layer(w, ch.get("conv1"), join(path, "conv1"), x);
        if (ch.containsKey("bn1")) {
            h = layer(w, ch.get("bn1"), join(path, "bn1"), h);
        }
        h = new Value(w.node("Relu", join(path, "relu1"), new String[]{h.name()}), h.sample().relu());
        h = layer(w, ch.get("conv2"), join(path, "conv2"), h);
        if (ch.containsKey("bn2")) {
            h = layer(w, ch.get("bn2"), join(path, "bn2"), h);
        }
        Value skip = x;
        if (ch.containsKey("shortcut")) {
            skip = layer(w, ch.get("shortcut"), join(path, "shortcut"), x);
            if (ch.containsKey("shortcut_bn")) {
                skip = layer(w, ch.get("shortcut_bn"), join(path, "shortcut_bn"), skip);
            }
        }
        String sum = w.node("Add", join(path, "add"), new String[]{h.name(), skip.name()});
        return w.node("Relu", join(path, "relu2"), new String[]{sum});
    }
}
