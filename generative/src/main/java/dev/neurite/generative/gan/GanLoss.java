package dev.neurite.generative.gan;

import dev.neurite.api.Tensor;

/**
 * The GAN objectives computed from the discriminator's logits {@code l} (so {@code D = sigmoid(l)}), stably:
 * {@code -log D = softplus(-l)} and {@code -log(1 - D) = softplus(l)}, finite for any logit where the
 * probabilities would round to 0 or 1.
 */
public final class GanLoss {
    private GanLoss() {
    }

    /** {@code J_D = -1/2 E log D(x) - 1/2 E log(1 - D(G(z)))}, from the logits on real and on generated data. */
    public static Tensor discriminator(Tensor realLogits, Tensor fakeLogits) {
        return realLogits.neg().softplus().mean().mul(0.5).add(fakeLogits.softplus().mean().mul(0.5));
    }

    /**
     * The non-saturating generator loss {@code J_G = -1/2 E log D(G(z))}: the same fixed point as the minimax
     * {@code -J_D}, but strong gradients while the discriminator still rejects the samples.
     */
    public static Tensor generator(Tensor fakeLogits) {
        return fakeLogits.neg().softplus().mean().mul(0.5);
    }
}
