/** Losses with PyTorch's semantics and reductions, and weight penalties ({@link dev.neurite.layers.loss.Regularization}). */
package dev.neurite.layers.loss;
