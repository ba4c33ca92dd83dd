package dev.neurite.generative.vae;

import dev.neurite.api.Tensor;

import java.util.Locale;

/**
 * The terms of the negative evidence lower bound {@code -ELBO = E_q[-log p(x|z)] + KL(q(z|x) || N(0, I))}, each
 * summed over an example's values and averaged over the batch (nats per example, the usual way VAE losses are
 * reported).
 */
public final class VaeLoss {
    /** The decoder's likelihood. */
    public enum Reconstruction {
        /** Bernoulli pixels: binary cross-entropy on the decoder's logits, for values in [0, 1]. */
        BCE,
        /** A unit-variance Gaussian up to its constant: half the squared error. */
        MSE;

        public static Reconstruction fromId(String id) {
            for (Reconstruction r : values()) {
                if (r.id().equals(id)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("vae: likelihood must be bce or mse, got '" + id + "'");
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private VaeLoss() {
    }

    /**
     * {@code KL(N(mu, diag(exp(logVar))) || N(0, I)) = -1/2 sum(1 + logVar - mu^2 - exp(logVar))} per example,
     * averaged over the batch; {@code mu} and {@code logVar} are {@code [N, latent]}.
     */
    public static Tensor kl(Tensor mu, Tensor logVar) {
        if (mu.rank() != 2 || !mu.shape().equals(logVar.shape())) {
            throw new IllegalArgumentException("vae kl: expected mu and logVar of the same shape [N, latent], got "
                    + mu.shape() + " and " + logVar.shape());
        }
        return logVar.add(1).sub(mu.square()).sub(logVar.exp()).sum(1, false).mean().mul(-0.5);
    }

    /** The reconstruction term for decoder outputs {@code [N, D]} (logits for BCE) against targets {@code [N, D]}. */
    public static Tensor reconstruction(Tensor decoded, Tensor target, Reconstruction kind) {
        if (!decoded.shape().equals(target.shape()) || decoded.rank() != 2) {
            throw new IllegalArgumentException("vae reconstruction: expected decoder output and target of the same shape "
                    + "[N, D], got " + decoded.shape() + " and " + target.shape());
        }
        Tensor perValue = switch (kind) {
            // max(z, 0) - z y + log(1 + exp(-|z|)): stable for any logit
            case BCE -> decoded.relu().sub(decoded.mul(target)).add(decoded.abs().neg().exp().log1p());
            case MSE -> decoded.sub(target).square().mul(0.5);
        };
        return perValue.sum(1, false).mean();
    }
}
