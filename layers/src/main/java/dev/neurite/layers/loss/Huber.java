package dev.neurite.layers.loss;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;

/**
 * Quadratic for small errors, linear for large ones; PyTorch's {@code HuberLoss}: {@code 0.5 d^2} where
 * {@code |d| < delta}, else {@code delta (|d| - 0.5 delta)}.
 */
public final class Huber extends AbstractLoss {
    public static final String TYPE = "huber";
    private final double delta;

    public Huber() {
        this(1.0, Reduction.MEAN);
    }

    public Huber(double delta, Reduction reduction) {
        super(TYPE, reduction);
        if (!(delta > 0)) {
            throw new IllegalArgumentException("huber: delta must be positive, got " + delta);
        }
        this.delta = delta;
    }

    public Huber(Config config) {
        this(config.getDouble("delta", 1.0), reduction(config));
    }

    @Override
    protected Tensor unreduced(Tensor predictions, Tensor targets) {
        Tensor a = predictions.sub(matchingTargets(predictions, targets)).abs();
        // With q = min(|d|, delta): 0.5 q^2 + delta (|d| - q) is both branches at once, with a continuous gradient.
        Tensor q = a.clamp(0, delta);
        return q.square().mul(0.5).add(a.sub(q).mul(delta));
    }

    @Override
    protected void addConfig(Config config) {
        config.with("delta", delta);
    }
}
