/** Activation layers and their functional forms in {@link dev.neurite.layers.activation.Activations}. */
package dev.neurite.layers.activation;
