package dev.neurite.api.backend.kernel;

import dev.neurite.api.backend.NdArray;

import java.util.Optional;

/**
 * Fused training-mode batch normalisation per channel (axis 1) of {@code x [batch, channels, ...]} (rank 2 to 4):
 * {@code y = (x - mean) / sqrt(var + eps) * gamma + beta} with the batch mean and the biased batch variance.
 * {@code gamma} and {@code beta} are {@code [channels]}, both given or both {@code null} (no affine transform).
 * Running statistics are the caller's business.
 */
public interface BatchNormKernel {

    /** Returns {@code {y, mean, variance}}: y shaped as x, the batch mean and biased variance {@code [channels]}. */
    NdArray[] forward(NdArray x, NdArray gamma, NdArray beta, double eps);

    /**
     * The gradients for the output gradient {@code g} (shaped as x) through the batch statistics, given the
     * {@code mean} and biased {@code variance} that {@link #forward} returned: {@code {dx, dgamma, dbeta}}, the last
     * two null without gamma. With {@code xhat = (x - mean) / std}:
     * {@code dx = gamma / std * (g - mean(g) - xhat * mean(g * xhat))}, {@code dgamma = sum(g * xhat)},
     * {@code dbeta = sum(g)}, the means and sums over every axis but 1.
     *
     * <p>Empty when the backend has no fused backward pass: the caller then computes that closed form itself.
     */
    default Optional<NdArray[]> backward(NdArray x, NdArray gamma, NdArray mean, NdArray variance, NdArray g, double eps) {
        return Optional.empty();
    }
}
