package dev.neurite.layers.loss;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;

/** {@code |prediction - target|}, reduced; PyTorch's {@code L1Loss} (gradient 0 where they are equal). */
public final class MeanAbsoluteError extends AbstractLoss {
    public static final String TYPE = "mae";

    public MeanAbsoluteError() {
        this(Reduction.MEAN);
    }

    public MeanAbsoluteError(Reduction reduction) {
        super(TYPE, reduction);
    }

    public MeanAbsoluteError(Config config) {
        this(reduction(config));
    }

    @Override
    protected Tensor unreduced(Tensor predictions, Tensor targets) {
        return predictions.sub(matchingTargets(predictions, targets)).abs();
    }
}
