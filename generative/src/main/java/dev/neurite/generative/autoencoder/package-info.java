/** The multilayer autoencoder (784-500-300-500-784 in the curriculum), plain or denoising. */
package dev.neurite.generative.autoencoder;
