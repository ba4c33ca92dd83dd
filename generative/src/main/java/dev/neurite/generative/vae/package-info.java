/** The variational autoencoder (Kingma and Welling 2014): reconstruction plus the KL divergence to N(0, I). */
package dev.neurite.generative.vae;
