package dev.neurite.layers.loss;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;

/**
 * Negative log-likelihood of class indices under log-probabilities {@code [..., C]} (e.g. from {@code LogSoftmax}),
 * PyTorch's {@code NLLLoss} for [N, C] inputs: {@code -log p[y]} per sample.
 */
public final class NLLLoss extends AbstractLoss {
    public static final String TYPE = "nll";

    public NLLLoss() {
        this(Reduction.MEAN);
    }

    public NLLLoss(Reduction reduction) {
        super(TYPE, reduction);
    }

    public NLLLoss(Config config) {
        this(reduction(config));
    }

    @Override
    protected Tensor unreduced(Tensor logProbabilities, Tensor targets) {
        Tensor labels = classTargets(logProbabilities, targets);
        Tensor oneHot = oneHot(labels, logProbabilities.size(-1), logProbabilities);
        return logProbabilities.mul(oneHot).sum(-1, false).neg();
    }
}
