package dev.neurite.api.backend.kernel;

import dev.neurite.api.backend.NdArray;

/**
 * Fused softmax + cross-entropy over the last axis of logits [batch, classes].
 * Labels are int64 class indices [batch]. Returns {@code {loss [batch], dLoss/dLogits [batch, classes]}}, where
 * the gradient is that of the per-sample loss: {@code softmax(logits) - onehot(labels)}.
 */
public interface SoftmaxCrossEntropyKernel {
    NdArray[] lossAndGradient(NdArray logits, NdArray labels);
}
