package dev.neurite.api.backend.kernel;

import dev.neurite.api.backend.NdArray;

/** Fused {@code y = x W^T + b} for x [batch, in], W [out, in] (PyTorch layout), b [out] or null. */
public interface LinearKernel {
    NdArray forward(NdArray x, NdArray weight, NdArray bias);
}
