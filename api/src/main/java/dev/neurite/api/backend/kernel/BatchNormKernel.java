package dev.neurite.api.backend.kernel;

import dev.neurite.api.backend.NdArray;

/**
 * Fused training-mode batch normalisation per channel (axis 1) of {@code x [batch, channels, ...]} (rank 2 to 4):
 * {@code y = (x - mean) / sqrt(var + eps) * gamma + beta} with the batch mean and the biased batch variance.
 * {@code gamma} and {@code beta} are {@code [channels]}, both given or both {@code null} (no affine transform).
 * Running statistics and the backward pass (a closed form in Tensor ops, from the returned statistics) are the
 * caller's business.
 */
public interface BatchNormKernel {

    /** Returns {@code {y, mean, variance}}: y shaped as x, the batch mean and biased variance {@code [channels]}. */
    NdArray[] forward(NdArray x, NdArray gamma, NdArray beta, double eps);
}
