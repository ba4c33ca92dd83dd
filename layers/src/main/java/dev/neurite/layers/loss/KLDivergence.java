package dev.neurite.layers.loss;

import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;

/**
 * Kullback-Leibler divergence with PyTorch's {@code kl_div} conventions: the predictions are log-probabilities
 * {@code log q}, the targets probabilities {@code p} (or log-probabilities with {@code logTarget}); elementwise
 * {@code p (log p - log q)}, taken as 0 where p = 0. As in PyTorch, {@link Reduction#MEAN} averages over every
 * element; {@link Reduction#BATCHMEAN} gives the true KL divergence per sample.
 */
public final class KLDivergence extends AbstractLoss {
    public static final String TYPE = "kl_divergence";
    private final boolean logTarget;

    public KLDivergence() {
        this(Reduction.MEAN, false);
    }

    public KLDivergence(Reduction reduction, boolean logTarget) {
        super(TYPE, reduction);
        this.logTarget = logTarget;
    }

    public KLDivergence(Config config) {
        this(reduction(config), config.getBoolean("log_target", false));
    }

    @Override
    protected Tensor unreduced(Tensor logQ, Tensor targets) {
        Tensor t = matchingTargets(logQ, targets);
        if (logTarget) {
            return t.exp().mul(t.sub(logQ));
        }
        // xlogy: 0 log 0 = 0, where a plain product would give 0 * -inf = NaN; log is taken of 1 there instead.
        Tensor safe = Tensor.where(t.gt(0), t, Tensor.ones(Shape.scalar(), t.dtype()));
        Tensor pLogP = t.mul(safe.log());
        return pLogP.sub(t.mul(logQ));
    }

    @Override
    protected void addConfig(Config config) {
        config.with("log_target", logTarget);
    }
}
