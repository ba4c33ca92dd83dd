package dev.neurite.layers.loss;

import dev.neurite.api.Tensor;

import java.util.Locale;

/** How a loss turns its per-element (or per-sample) values into its result, as PyTorch's {@code reduction}. */
public enum Reduction {
    /** The mean over every unreduced value (PyTorch's default). */
    MEAN,
    /** The sum of the unreduced values. */
    SUM,
    /** No reduction: the unreduced values themselves. */
    NONE,
    /** The sum divided by the batch size (the first dimension); the mathematically correct mean for KL divergence. */
    BATCHMEAN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Reduction fromId(String id) {
        for (Reduction r : values()) {
            if (r.id().equals(id)) {
                return r;
            }
        }
        throw new IllegalArgumentException("loss reduction must be one of mean, sum, none, batchmean; got '" + id + "'");
    }

    Tensor apply(Tensor unreduced) {
        return switch (this) {
            case MEAN -> unreduced.mean();
            case SUM -> unreduced.sum();
            case NONE -> unreduced;
            case BATCHMEAN -> unreduced.sum().div(unreduced.rank() == 0 ? 1 : unreduced.size(0));
        };
    }
}
