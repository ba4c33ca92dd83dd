package dev.neurite.onnx;

import dev.neurite.api.Tensor;
import dev.neurite.onnx.proto.OnnxProto.AttributeProto;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A node's attributes with typed lookups; a missing attribute takes the ONNX default the caller passes. */
final class Attributes {
    private final String node;
    private final Map<String, AttributeProto> byName = new LinkedHashMap<>();

    Attributes(String node, List<AttributeProto> attributes) {
        this.node = node;
        for (AttributeProto a : attributes) {
            byName.put(a.getName(), a);
        }
    }

    boolean has(String name) {
        return byName.containsKey(name);
    }

    java.util.Set<String> names() {
        return byName.keySet();
    }

    private AttributeProto get(String name, AttributeProto.AttributeType type) {
        AttributeProto a = byName.get(name);
        if (a == null) {
            return null;
        }
        if (a.hasType() && a.getType() != type) {
            throw new OnnxException(node + ": attribute '" + name + "' should be " + type + ", found " + a.getType());
        }
        return a;
    }

    long getInt(String name, long fallback) {
        AttributeProto a = get(name, AttributeProto.AttributeType.INT);
        return a == null ? fallback : a.getI();
    }

    float getFloat(String name, float fallback) {
        AttributeProto a = get(name, AttributeProto.AttributeType.FLOAT);
        return a == null ? fallback : a.getF();
    }

    String getString(String name, String fallback) {
        AttributeProto a = get(name, AttributeProto.AttributeType.STRING);
        return a == null ? fallback : a.getS().toString(StandardCharsets.UTF_8);
    }

    /** The ints, or {@code fallback} (may be null) when absent. */
    long[] getInts(String name, long[] fallback) {
        AttributeProto a = get(name, AttributeProto.AttributeType.INTS);
        return a == null ? fallback : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    String[] getStrings(String name) {
        AttributeProto a = get(name, AttributeProto.AttributeType.STRINGS);
        return a == null ? null : a.getStringsList().stream().map(b -> b.toString(StandardCharsets.UTF_8))
                .toArray(String[]::new);
    }

    float[] getFloats(String name, float[] fallback) {
        AttributeProto a = get(name, AttributeProto.AttributeType.FLOATS);
        if (a == null) {
            return fallback;
        }
        float[] f = new float[a.getFloatsCount()];
        for (int i = 0; i < f.length; i++) {
            f[i] = a.getFloats(i);
        }
        return f;
    }

    /** A tensor attribute decoded (it lives as long as the model: callers create it outside any scope). */
    Tensor getTensor(String name) {
        AttributeProto a = get(name, AttributeProto.AttributeType.TENSOR);
        return a == null ? null : TensorProtos.decode(a.getT(), null);
    }

    static int[] toInts(long[] v) {
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Math.toIntExact(v[i]);
        }
        return r;
    }
}
