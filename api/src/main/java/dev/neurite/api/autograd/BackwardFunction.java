package dev.neurite.api.autograd;

import dev.neurite.api.Tensor;

/**
 * The backward rule of an operation: maps the gradient of its output to one gradient per input, in input order
 * ({@code null} where an input needs none). It runs with gradient recording off. Used with
 * {@link Tensor#fromOp} to make fused backend kernels differentiable.
 */
@FunctionalInterface
public interface BackwardFunction {
    Tensor[] apply(Tensor gradOutput);
}
