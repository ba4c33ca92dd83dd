/**
 * Generative models built from the standard layers: {@link dev.neurite.generative.autoencoder autoencoders},
 * {@link dev.neurite.generative.vae variational autoencoders}, {@link dev.neurite.generative.gan GANs} and
 * {@link dev.neurite.generative.diffusion diffusion models}, with the training loops they need and a PNG grid writer
 * for their samples.
 */
package dev.neurite.generative;
