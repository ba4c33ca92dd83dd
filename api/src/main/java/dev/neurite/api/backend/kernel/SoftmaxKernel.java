package dev.neurite.api.backend.kernel;

import dev.neurite.api.backend.NdArray;

/**
 * Fused softmax along one axis (attention weights), and its backward from the output:
 * {@code dx = y * (dy - sum(dy * y, axis))}. Floating-point arrays of one dtype; {@code axis} is non-negative.
 */
public interface SoftmaxKernel {
    NdArray forward(NdArray x, int axis);

    NdArray backward(NdArray y, NdArray gradY, int axis);
}
