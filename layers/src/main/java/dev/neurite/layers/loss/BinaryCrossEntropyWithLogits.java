package dev.neurite.layers.loss;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;

/**
 * Sigmoid plus binary cross-entropy on raw scores z, PyTorch's {@code BCEWithLogitsLoss}, in the stable form
 * {@code max(z, 0) - z y + log(1 + exp(-|z|))}; its gradient is exactly {@code sigmoid(z) - y}.
 */
public final class BinaryCrossEntropyWithLogits extends AbstractLoss {
    public static final String TYPE = "binary_cross_entropy_with_logits";

    public BinaryCrossEntropyWithLogits() {
        this(Reduction.MEAN);
    }

    public BinaryCrossEntropyWithLogits(Reduction reduction) {
        super(TYPE, reduction);
    }

    public BinaryCrossEntropyWithLogits(Config config) {
        this(reduction(config));
    }

    @Override
    protected Tensor unreduced(Tensor z, Tensor targets) {
        Tensor y = matchingTargets(z, targets);
        return FusedLoss.record(TYPE,
                () -> z.relu().sub(z.mul(y)).add(z.abs().neg().exp().log1p()),
                g -> new Tensor[]{
                        z.requiresGrad() ? g.mul(z.sigmoid().sub(y)) : null,
                        y.requiresGrad() ? g.mul(z).neg() : null}, z, y);
    }
}
