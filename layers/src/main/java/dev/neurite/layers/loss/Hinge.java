package dev.neurite.layers.loss;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;

/**
 * The multiclass SVM loss on scores {@code [..., C]} with int64 class targets, following PyTorch's
 * {@code MultiMarginLoss}: {@code sum_{j != y} max(0, margin - z_y + z_j) / C} per sample. Course material often
 * omits the division by C (the cs231n form); multiply by C to get it.
 */
public final class Hinge extends AbstractLoss {
    public static final String TYPE = "hinge";
    private final double margin;

    public Hinge() {
        this(1.0, Reduction.MEAN);
    }

    public Hinge(double margin, Reduction reduction) {
        super(TYPE, reduction);
        this.margin = margin;
    }

    public Hinge(Config config) {
        this(config.getDouble("margin", 1.0), reduction(config));
    }

    @Override
    protected Tensor unreduced(Tensor scores, Tensor targets) {
        Tensor labels = classTargets(scores, targets);
        long classes = scores.size(-1);
        Tensor oneHot = oneHot(labels, classes, scores);
        Tensor correct = scores.mul(oneHot).sum(-1, true);
        Tensor margins = scores.sub(correct).add(margin).relu();
        // The j = y term is always exactly `margin`; the one-hot mask removes it (and its gradient, which is zero).
        return margins.mul(oneHot.neg().add(1)).sum(-1, false).div(classes);
    }

    @Override
    protected void addConfig(Config config) {
        config.with("margin", margin);
    }
}
