package dev.neurite.generative.diffusion;

import dev.neurite.api.Tensor;

/**
 * The sinusoidal embedding of diffusion steps (the Transformer's positional encoding, as Ho et al. use it):
 * {@code [sin(t w_0), ..., sin(t w_{h-1}), cos(t w_0), ..., cos(t w_{h-1})]} with {@code w_k = 10000^(-k / h)} and
 * {@code h = dim / 2}. Fixed, not learned: the denoisers pass it through their own Dense layers.
 */
public final class TimeEmbedding {
    private TimeEmbedding() {
    }

    /** {@code [N, dim]} for steps {@code t} {@code [N]} (a floating-point tensor); {@code dim} must be even. */
    public static Tensor sinusoidal(Tensor t, int dim) {
        if (dim < 2 || dim % 2 != 0) {
            throw new IllegalArgumentException("time embedding: dim must be even and >= 2, got " + dim);
        }
        if (t.rank() != 1 || !t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("time embedding: expected floating-point steps [N], got " + t.dtype() + " "
                    + t.shape());
        }
        int half = dim / 2;
        double[] w = new double[half];
        for (int k = 0; k < half; k++) {
            w[k] = Math.exp(-Math.log(10000) * k / half);
        }
        Tensor angles = t.unsqueeze(1).mul(Tensor.of(t.dtype(), w, 1, half));
        return Tensor.concat(java.util.List.of(angles.sin(), angles.cos()), 1);
    }
}
