package dev.neurite.layers.loss;

import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.nn.Config;

/**
 * Softmax cross-entropy from raw scores {@code [..., C]} and target distributions of the same shape (one-hot or
 * soft labels, e.g. a teacher's for distillation); PyTorch's {@code CrossEntropyLoss} with probability targets,
 * including {@code label_smoothing}. Unreduced, one value per sample: {@code -sum_c q_c log softmax(z)_c}.
 */
public final class CategoricalCrossEntropy extends CrossEntropyLoss {
    public static final String TYPE = "categorical_cross_entropy";

    public CategoricalCrossEntropy() {
        this(Reduction.MEAN, 0);
    }

    public CategoricalCrossEntropy(Reduction reduction, double labelSmoothing) {
        super(TYPE, reduction, labelSmoothing);
    }

    public CategoricalCrossEntropy(Config config) {
        this(reduction(config), config.getDouble("label_smoothing", 0));
    }

    @SuppressWarnings("try") // the guard only scopes no-grad mode
    @Override
    protected Tensor unreduced(Tensor logits, Tensor targets) {
        Tensor t = matchingTargets(logits, targets);
        long classes = logits.size(-1);
        Tensor logp;
        Tensor q;
        Tensor loss;
        try (GradMode.Guard g = GradMode.noGrad()) {
            logp = logits.logSoftmax(-1);
            q = smooth(t, classes);
            loss = logp.mul(q).sum(-1, false).neg();
        }
        double targetScale = 1 - labelSmoothing();
        // d/dz = softmax * sum(q) - q, which is softmax - q for targets that sum to one.
        return Tensor.fromOp(TYPE, loss.data(), g -> {
            Tensor gu = g.unsqueeze(-1);
            return new Tensor[]{
                    logits.requiresGrad() ? logp.exp().mul(q.sum(-1, true)).sub(q).mul(gu) : null,
                    t.requiresGrad() ? logp.mul(gu).mul(-targetScale) : null};
        }, logits, t);
    }
}
