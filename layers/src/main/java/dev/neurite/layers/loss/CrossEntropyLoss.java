package dev.neurite.layers.loss;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;

/**
 * What the softmax cross-entropies share: label smoothing as PyTorch's {@code label_smoothing}, which mixes the
 * target distribution with the uniform one, {@code q = (1 - eps) target + eps / C}.
 */
abstract class CrossEntropyLoss extends AbstractLoss {
    private final double labelSmoothing;

    CrossEntropyLoss(String typeId, Reduction reduction, double labelSmoothing) {
        super(typeId, reduction);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException(typeId + ": label smoothing must be in [0, 1], got " + labelSmoothing);
        }
        this.labelSmoothing = labelSmoothing;
    }

    public double labelSmoothing() {
        return labelSmoothing;
    }

    /** The target distribution mixed with the uniform one over {@code classes}. */
    protected Tensor smooth(Tensor distribution, long classes) {
        return labelSmoothing == 0 ? distribution : distribution.mul(1 - labelSmoothing).add(labelSmoothing / classes);
    }

    @Override
    protected void addConfig(Config config) {
        config.with("label_smoothing", labelSmoothing);
    }
}
