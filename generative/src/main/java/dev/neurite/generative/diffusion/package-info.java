/**
 * Denoising diffusion (Ho et al. 2020): noise schedules, the forward process {@code q(x_t | x_0)}, the
 * epsilon-prediction loss, ancestral (DDPM) and deterministic (DDIM, Song et al. 2021) sampling, and two denoisers:
 * an MLP for low-dimensional data and a small U-Net for images.
 */
package dev.neurite.generative.diffusion;
