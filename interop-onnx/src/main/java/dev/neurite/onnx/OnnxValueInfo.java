package dev.neurite.onnx;

import dev.neurite.api.DType;

import java.util.List;

/**
 * A graph input or output as declared in the model: name, element type and dimensions, each a {@code Long} (fixed)
 * or a {@code String} (a symbolic dimension such as {@code batch}, or {@code "?"} when unnamed).
 */
public record OnnxValueInfo(String name, DType dtype, List<Object> dims) {
    public OnnxValueInfo {
        dims = dims == null ? null : List.copyOf(dims);
    }

    /** Whether the model declares a shape for this value. */
    public boolean hasShape() {
        return dims != null;
    }

    @Override
    public String toString() {
        return name + ": " + (dtype == null ? "?" : dtype.id()) + (dims == null ? "" : dims.toString());
    }
}
