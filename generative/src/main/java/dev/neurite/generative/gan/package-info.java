/** Generative adversarial networks (Goodfellow et al. 2014): MLP and DCGAN-style pairs, their losses and training. */
package dev.neurite.generative.gan;
