/** Normalisation layers: batch (1-D and 2-D), layer and group normalisation, with PyTorch's semantics. */
package dev.neurite.layers.norm;
