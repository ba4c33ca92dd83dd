package dev.neurite.layers.loss;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;

/**
 * The contrastive loss of Hadsell, Chopra and LeCun (2006, "Dimensionality Reduction by Learning an Invariant
 * Mapping", eq. 4) for Siamese networks: with the Euclidean distance {@code d = ||x1 - x2||_2} of a pair's
 * embeddings and label {@code y},
 * <pre>{@code  L = 1/2 * y * d^2 + 1/2 * (1 - y) * max(0, m - d)^2 }</pre>
 * Similar pairs are pulled together; dissimilar ones pushed apart until they are at least the margin {@code m}
 * apart. Conventions: the paper's factor 1/2 is kept, and {@code y = 1} marks a <em>similar</em> pair (the paper
 * writes Y = 0 for similar; the label is flipped here so that 1 means "same", as in most libraries).
 *
 * <p>Call {@link #compute(Tensor, Tensor, Tensor)} with the two branches {@code [N, D]} and labels {@code [N]}; through
 * the {@link dev.neurite.api.nn.Loss} interface the branches come stacked, {@code [N, 2, D]}. One value per pair
 * before reduction.
 */
public final class ContrastiveLoss extends AbstractLoss {
    public static final String TYPE = "contrastive";
    // Keeps sqrt differentiable for coincident dissimilar pairs; its effect on d (1e-12) is far below float precision.
    private static final double MIN_SQUARED_DISTANCE = 1e-24;
    private final double margin;

    public ContrastiveLoss() {
        this(1.0, Reduction.MEAN);
    }

    public ContrastiveLoss(double margin, Reduction reduction) {
        super(TYPE, reduction);
        if (!(margin >= 0)) {
            throw new IllegalArgumentException(TYPE + ": margin must be >= 0, got " + margin);
        }
        this.margin = margin;
    }

    public ContrastiveLoss(Config config) {
        this(config.getDouble("margin", 1.0), reduction(config));
    }

    public double margin() {
        return margin;
    }

    /** The loss of pairs {@code (x1[i], x2[i])}, {@code [N, D]} each, with labels {@code [N]} (1 similar, 0 not). */
    public Tensor compute(Tensor x1, Tensor x2, Tensor similar) {
        return reduction().apply(perPair(x1, x2, similar));
    }

    @Override
    protected Tensor unreduced(Tensor stacked, Tensor similar) {
        return perPair(Pairs.branch(TYPE, stacked, 2, 0), Pairs.branch(TYPE, stacked, 2, 1), similar);
    }

    private Tensor perPair(Tensor x1, Tensor x2, Tensor similar) {
        Pairs.requireSameShape(TYPE, x1, x2);
        if (!similar.shape().equals(x1.shape().sub(0, x1.rank() - 1))) {
            throw new IllegalArgumentException(TYPE + ": labels must have shape " + x1.shape().sub(0, x1.rank() - 1)
                    + " (one per pair of embeddings " + x1.shape() + "), got " + similar.shape());
        }
        Tensor y = similar.cast(x1.dtype());
        Tensor squared = x1.sub(x2).square().sum(-1, false);
        Tensor d = squared.maximum(Tensor.scalar(MIN_SQUARED_DISTANCE, x1.dtype())).sqrt();
        Tensor push = d.neg().add(margin).relu().square();
        return y.mul(squared).add(y.neg().add(1).mul(push)).mul(0.5);
    }

    @Override
    protected void addConfig(Config config) {
        config.with("margin", margin);
    }
}
