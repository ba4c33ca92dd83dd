package dev.neurite.api.backend.kernel;

import dev.neurite.api.backend.NdArray;

/**
 * One fused Adam step in place, in PyTorch's formulation ({@code step} is 1-based):
 * {@code m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; p -= lr / (1-b1^step) * m / (sqrt(v) / sqrt(1-b2^step) + eps)}.
 * Weight decay is the optimizer's business (added to {@code g}, or decoupled) before the call. All four arrays
 * have one shape and dtype; {@code param}, {@code expAvg} and {@code expAvgSq} are updated in place.
 */
public interface AdamKernel {
    void update(NdArray param, NdArray grad, NdArray expAvg, NdArray expAvgSq,
                double learningRate, double beta1, double beta2, double eps, long step);
}
