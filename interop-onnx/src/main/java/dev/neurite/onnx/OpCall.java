package dev.neurite.onnx;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;

import java.util.Arrays;
import java.util.List;

/** One execution of a node: its inputs (null where an optional input is absent), attributes and context. */
final class OpCall {
    final OnnxNode node;
    final List<Tensor> inputs;
    final int opset;
    final boolean training;

    OpCall(OnnxNode node, List<Tensor> inputs, int opset, boolean training) {
        this.node = node;
        this.inputs = inputs;
        this.opset = opset;
        this.training = training;
    }

    Attributes attrs() {
        return node.attributes();
    }

    int inputCount() {
        return inputs.size();
    }

    int outputCount() {
        return node.outputs().size();
    }

    boolean has(int i) {
        return i < inputs.size() && inputs.get(i) != null;
    }

    Tensor input(int i) {
        if (!has(i)) {
            throw error("input " + i + " is required but missing");
        }
        return inputs.get(i);
    }

    /** The integer values of input {@code i} (a shape, axes, pads), or {@code fallback} when absent. */
    long[] longs(int i, long[] fallback) {
        if (!has(i)) {
            return fallback;
        }
        Tensor t = inputs.get(i);
        if (t.dtype().isFloatingPoint()) {
            throw error("input " + i + " should be an integer tensor, got " + t.dtype());
        }
        return t.numel() == 0 ? new long[0] : t.cast(DType.INT64).toLongArray();
    }

    double[] doubles(int i) {
        Tensor t = input(i);
        return t.numel() == 0 ? new double[0] : t.toDoubleArray();
    }

    /** Normalizes a possibly negative axis for a tensor of rank {@code rank}. */
    int axis(long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw error("axis " + axis + " is out of range for rank " + rank);
        }
        return (int) a;
    }

    int[] axes(long[] axes, int rank) {
        int[] r = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            r[i] = axis(axes[i], rank);
        }
        return r;
    }

    OnnxException error(String message) {
        return new OnnxException(node.describe() + ": " + message);
    }

    void check(boolean condition, String message, Object... args) {
        if (!condition) {
            throw error(String.format(message, Arrays.stream(args).map(a -> a instanceof long[] l ? Arrays.toString(l)
                    : a instanceof int[] n ? Arrays.toString(n) : a).toArray()));
        }
    }
}
