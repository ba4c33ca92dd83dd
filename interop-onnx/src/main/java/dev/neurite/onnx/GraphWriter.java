package dev.neurite.onnx;

import com.google.protobuf.ByteString;
import dev.neurite.api.Tensor;
import dev.neurite.onnx.proto.OnnxProto.AttributeProto;
import dev.neurite.onnx.proto.OnnxProto.GraphProto;
import dev.neurite.onnx.proto.OnnxProto.NodeProto;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/** Accumulates an ONNX graph: nodes with attributes, initializers, and unique value names. */
final class GraphWriter {
    final GraphProto.Builder graph = GraphProto.newBuilder();
    final int opset;
    private final Set<String> names = new HashSet<>();

    GraphWriter(int opset) {
        this.opset = opset;
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

    /** Adds {@code tensor} as an initializer named exactly {@code name} (a parameter or buffer path). */
    String initializer(String name, Tensor tensor) {
        if (!names.add(name)) {
            throw new OnnxException("onnx export: two values would be named '" + name + "'");
        }
        graph.addInitializer(TensorProtos.encode(name, tensor));
        return name;
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
        } else {
            throw new IllegalArgumentException("onnx export: unsupported attribute value " + v);
        }
        return a.build();
    }
}
