package dev.neurite.layers.loss;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;

/**
 * Binary cross-entropy on probabilities, PyTorch's {@code BCELoss}: {@code -(y log p + (1-y) log(1-p))} with each
 * log clamped at -100 so that p = 0 or 1 gives a finite loss. Prefer {@link BinaryCrossEntropyWithLogits} on raw
 * scores: it is more accurate.
 */
public final class BinaryCrossEntropy extends AbstractLoss {
    public static final String TYPE = "binary_cross_entropy";
    private static final double LOG_FLOOR = -100;
    /** PyTorch's floor on p(1-p) in the gradient, which keeps it finite at p = 0 or 1. */
    private static final double EPSILON = 1e-12;

    public BinaryCrossEntropy() {
        this(Reduction.MEAN);
    }

    public BinaryCrossEntropy(Reduction reduction) {
        super(TYPE, reduction);
    }

    public BinaryCrossEntropy(Config config) {
        this(reduction(config));
    }

    @Override
    protected Tensor unreduced(Tensor p, Tensor targets) {
        Tensor y = matchingTargets(p, targets);
        Tensor[] logs = new Tensor[2];
        return FusedLoss.record(TYPE, () -> {
            logs[0] = p.log().clamp(LOG_FLOOR, Double.POSITIVE_INFINITY);
            logs[1] = p.neg().add(1).log().clamp(LOG_FLOOR, Double.POSITIVE_INFINITY);
            return y.mul(logs[0].sub(logs[1])).add(logs[1]).neg();
        }, g -> new Tensor[]{
                p.requiresGrad() ? g.mul(p.sub(y)).div(p.mul(p.neg().add(1)).clamp(EPSILON, Double.POSITIVE_INFINITY)) : null,
                y.requiresGrad() ? g.mul(logs[1].sub(logs[0])) : null}, p, y);
    }
}
