package dev.neurite.onnx;

import dev.neurite.api.Tensor;

import java.util.List;

/** The implementation of one ONNX operator with Neurite tensor ops (so autograd differentiates it). */
@FunctionalInterface
interface OnnxOp {
    /** The node's outputs, in order; may be fewer than declared when trailing optional outputs are not produced. */
    List<Tensor> apply(OpCall call);

    /** An operator with one output. */
    static OnnxOp single(java.util.function.Function<OpCall, Tensor> f) {
        return c -> List.of(f.apply(c));
    }
}
