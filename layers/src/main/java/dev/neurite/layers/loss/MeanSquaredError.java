package dev.neurite.layers.loss;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;

/** {@code (prediction - target)^2}, reduced; PyTorch's {@code MSELoss}. */
public final class MeanSquaredError extends AbstractLoss {
    public static final String TYPE = "mse";

    public MeanSquaredError() {
        this(Reduction.MEAN);
    }

    public MeanSquaredError(Reduction reduction) {
        super(TYPE, reduction);
    }

    public MeanSquaredError(Config config) {
        this(reduction(config));
    }

    @Override
    protected Tensor unreduced(Tensor predictions, Tensor targets) {
        return predictions.sub(matchingTargets(predictions, targets)).square();
    }
}
