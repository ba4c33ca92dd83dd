/**
 * Attention and Transformers with PyTorch-compatible parameters: {@link dev.neurite.layers.attention.MultiHeadAttention}
 * and its masks.
 */
package dev.neurite.layers.attention;
