package dev.neurite.onnx;

import com.google.protobuf.ByteString;
import dev.neurite.api.Tensor;
import dev.neurite.onnx.proto.OnnxProto.AttributeProto;
import dev.neurite.onnx.proto.OnnxProto.GraphProto;
import dev.neurite.onnx.proto.OnnxProto.NodeProto;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Accumulates an ONNX graph: nodes with attributes, initializers, and unique value names. */
final class GraphWriter {
    final GraphProto.Builder graph = GraphProto.newBuilder();
    final int opset;
    /** Whether decoder self-attention gets the causal target mask ({@link OnnxExportOptions#causalDecoder()}). */
    final boolean causalDecoder;
    private final Set<String> names = new HashSet<>();
    private final Map<String, Tensor> initializers = new HashMap<>();

    GraphWriter(int opset) {
        this(opset, false);
    }

    GraphWriter(int opset, boolean causalDecoder) {
        this.opset = opset;
        this.causalDecoder = causalDecoder;
    }

    /** A value name based on {@code base} that is not taken yet. */
    String fresh(String base) {
        String name = base;
        for (int i = 1; !names.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    void reserve(String name) {
        names.add(name);
    }

    /**
     * Adds {@code tensor} as an initializer named exactly {@code name} (a parameter or buffer path); a layer applied
     * more than once (shared weights) writes it once.
     */
    String initializer(String name, Tensor tensor) {
        if (initializers.get(name) == tensor) {
            return name;
        }
        if (!names.add(name)) {
            throw new OnnxException("onnx export: two values would be named '" + name + "'");
        }
        initializers.put(name, tensor);
        graph.addInitializer(TensorProtos.encode(name, tensor));
        return name;
    }

    /** The size of {@code value}'s axis {@code axis} at run time, as a 1-d int64 tensor of one element. */
    String dim(String base, String value, int axis) {
        return node("Gather", base, new String[]{node("Shape", base + "_shape", new String[]{value}), longs(base + "_axis", axis)});
    }

    /** The size of {@code value}'s axis {@code axis} at run time, as an int64 scalar. */
    String dimScalar(String base, String value, int axis) {
        return node("Gather", base, new String[]{node("Shape", base + "_shape", new String[]{value}),
                constant(base + "_axis", Tensor.scalar(axis, dev.neurite.api.DType.INT64))});
    }

    /** An int64 vector constant (axes, shapes, pads) as an initializer with a fresh name. */
    String longs(String base, long... values) {
        return constant(base, Tensor.ofLongs(values, values.length));
    }

    String scalar(String base, double value) {
        return constant(base, Tensor.scalar(value));
    }

    /** An initializer that is not a model parameter, under a fresh name based on {@code base}. */
    String constant(String base, Tensor tensor) {
        String name = fresh(base);
        graph.addInitializer(TensorProtos.encode(name, tensor));
        return name;
    }

    /** Adds a node named {@code name} and returns its first output, a fresh value named after the node. */
    String node(String op, String name, String[] inputs, Object... attrs) {
        String out = fresh(name + "_output");
        nodeWithOutputs(op, name, inputs, new String[]{out}, attrs);
        return out;
    }

    void nodeWithOutputs(String op, String name, String[] inputs, String[] outputs, Object... attrs) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(fresh(name));
        for (String i : inputs) {
            n.addInput(i == null ? "" : i);
        }
        for (String o : outputs) {
            n.addOutput(o);
        }
        for (int i = 0; i < attrs.length; i += 2) {
            n.addAttribute(attribute((String) attrs[i], attrs[i + 1]));
        }
        graph.addNode(n);
    }

    private static AttributeProto attribute(String name, Object v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        if (v instanceof Integer || v instanceof Long) {
            a.setType(AttributeProto.AttributeType.INT).setI(((Number) v).longValue());
        } else if (v instanceof Float || v instanceof Double) {
            a.setType(AttributeProto.AttributeType.FLOAT).setF(((Number) v).floatValue());
        } else if (v instanceof String s) {
            a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFrom(s, StandardCharsets.UTF_8));
        } else if (v instanceof long[] l) {
            a.setType(AttributeProto.AttributeType.INTS);
            for (long x : l) {
                a.addInts(x);
            }
        } else if (v instanceof int[] l) {
            a.setType(AttributeProto.AttributeType.INTS);
            for (int x : l) {
                a.addInts(x);
            }
        } else if (v instanceof String[] l) {
            a.setType(AttributeProto.AttributeType.STRINGS);
            for (String x : l) {
                a.addStrings(ByteString.copyFrom(x, StandardCharsets.UTF_8));
            }
        } else if (v instanceof Tensor t) {
            a.setType(AttributeProto.AttributeType.TENSOR).setT(TensorProtos.encode(name, t));
        } else {
            throw new IllegalArgumentException("onnx export: unsupported attribute value " + v);
        }
        return a.build();
    }
}
