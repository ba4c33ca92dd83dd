package dev.neurite.layers.loss;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;

/**
 * The triplet loss for metric learning (Schroff et al. 2015, FaceNet), exactly as PyTorch's
 * {@code TripletMarginLoss}: {@code max(0, margin + d(a, p) - d(a, n))} with {@code d(x, y) = ||x - y + eps||_p};
 * with {@code swap} (Balntas et al. 2016) the negative distance is {@code min(d(a, n), d(p, n))}. One value per
 * triplet before reduction.
 *
 * <p>Call {@link #compute(Tensor, Tensor, Tensor)} with anchor, positive and negative embeddings {@code [N, D]};
 * through the {@link dev.neurite.api.nn.Loss} interface they come stacked, {@code [N, 3, D]}, and the targets are not
 * read (pass the dataset's labels, or anything).
 */
public final class TripletMarginLoss extends AbstractLoss {
    public static final String TYPE = "triplet_margin";
    private final double margin;
    private final double p;
    private final double eps;
    private final boolean swap;

    public TripletMarginLoss() {
        this(1.0, 2.0, 1e-6, false, Reduction.MEAN);
    }

    public TripletMarginLoss(double margin, double p, double eps, boolean swap, Reduction reduction) {
        super(TYPE, reduction);
        if (!(p > 0)) {
            throw new IllegalArgumentException(TYPE + ": norm degree p must be > 0, got " + p);
        }
        this.margin = margin;
        this.p = p;
        this.eps = eps;
        this.swap = swap;
    }

    public TripletMarginLoss(Config config) {
        this(config.getDouble("margin", 1.0), config.getDouble("p", 2.0), config.getDouble("eps", 1e-6),
                config.getBoolean("swap", false), reduction(config));
    }

    public Tensor compute(Tensor anchor, Tensor positive, Tensor negative) {
        return reduction().apply(perTriplet(anchor, positive, negative));
    }

    @Override
    protected Tensor unreduced(Tensor stacked, Tensor ignored) {
        return perTriplet(Pairs.branch(TYPE, stacked, 3, 0), Pairs.branch(TYPE, stacked, 3, 1),
                Pairs.branch(TYPE, stacked, 3, 2));
    }

    private Tensor perTriplet(Tensor anchor, Tensor positive, Tensor negative) {
        Pairs.requireSameShape(TYPE, anchor, positive, negative);
        Tensor toPositive = distance(anchor, positive);
        Tensor toNegative = distance(anchor, negative);
        if (swap) {
            toNegative = toNegative.minimum(distance(positive, negative));
        }
        return toPositive.sub(toNegative).add(margin).relu();
    }

    /** PyTorch's {@code pairwise_distance}: the p-norm of {@code x - y + eps} over the last axis. */
    private Tensor distance(Tensor x, Tensor y) {
        Tensor diff = x.sub(y).add(eps);
        if (p == 2) {
            return diff.square().sum(-1, false).sqrt();
        }
        if (p == 1) {
            return diff.abs().sum(-1, false);
        }
        return diff.abs().pow(p).sum(-1, false).pow(1 / p);
    }

    @Override
    protected void addConfig(Config config) {
        config.with("margin", margin).with("p", p).with("eps", eps).with("swap", swap);
    }
}
