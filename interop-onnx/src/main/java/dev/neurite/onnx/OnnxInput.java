package dev.neurite.onnx;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One input of a model to export: the shape it is traced at, its element type (float32, or int64 for token ids)
 * and, optionally, a name and the symbolic name of each dimension that may vary at run time.
 *
 * <pre>{@code
 * OnnxInput.tokens(1, 12).withDims("batch", "seq")      // int64 [batch, seq]
 * OnnxInput.of(Shape.of(1, 3, 32, 32))                  // float32, the batch dimension symbolic by default
 * }</pre>
 *
 * @param name  the graph input's name, or null for the model's own (a graph's input names, {@code src}/{@code tgt} of
 *              a Transformer, the options' input name for a one-input model)
 * @param dims  a symbolic name per axis, null entries fixed at the traced size; null for the default (the first
 *              axis is {@code batch} when the options ask for a dynamic batch)
 */
public record OnnxInput(String name, Shape shape, DType dtype, List<String> dims) {
    public OnnxInput {
        if (shape == null || dtype == null) {
            throw new OnnxException("onnx export: an input needs a shape and a dtype, got " + shape + " and " + dtype);
        }
        if (name != null && name.isEmpty()) {
            throw new OnnxException("onnx export: an input name must not be empty");
        }
        if (dims != null) {
            if (dims.size() != shape.rank()) {
                throw new OnnxException("onnx export: input " + (name == null ? "" : "'" + name + "' ") + "of shape " + shape
                        + " needs one dimension name per axis (" + shape.rank() + "), got " + dims.size() + ": " + dims);
            }
            for (String d : dims) {
                if (d != null && (d.isBlank() || d.equals("?"))) {
                    throw new OnnxException("onnx export: dimension names must be non-blank identifiers (null keeps an axis fixed), got "
                            + dims);
                }
            }
            dims = java.util.Collections.unmodifiableList(new ArrayList<>(dims));
        }
    }

    /** A float32 input of the given traced shape. */
    public static OnnxInput of(Shape shape) {
        return new OnnxInput(null, shape, DType.FLOAT32, null);
    }

    public static OnnxInput of(long... shape) {
        return of(Shape.of(shape));
    }

    /** An int64 input of token ids (for {@code Embedding}), traced at the given shape on index 0. */
    public static OnnxInput tokens(long... shape) {
        return new OnnxInput(null, Shape.of(shape), DType.INT64, null);
    }

    public OnnxInput named(String inputName) {
        return new OnnxInput(inputName, shape, dtype, dims);
    }

    public OnnxInput withDType(DType type) {
        return new OnnxInput(name, shape, type, dims);
    }

    /** The symbolic name of each axis ({@code null}: fixed); axes sharing a name must have one size. */
    public OnnxInput withDims(String... names) {
        return new OnnxInput(name, shape, dtype, Arrays.asList(names));
    }

    /** The declared dimension names: {@link #dims()}, or the default for {@code options}. */
    List<String> resolvedDims(OnnxExportOptions options) {
        if (dims != null) {
            return dims;
        }
        List<String> d = new ArrayList<>();
        for (int i = 0; i < shape.rank(); i++) {
            d.add(i == 0 && options.dynamicBatch() ? "batch" : null);
        }
        return d;
    }
}
