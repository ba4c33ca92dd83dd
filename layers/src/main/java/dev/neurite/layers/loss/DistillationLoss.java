package dev.neurite.layers.loss;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;

/**
 * Knowledge distillation with soft targets (Hinton, Vinyals and Dean 2015): per sample
 * <pre>{@code  alpha * T^2 * KL(softmax(t / T) || softmax(s / T)) + (1 - alpha) * CE(s, y) }</pre>
 * for student logits {@code s}, teacher logits {@code t} (treated as constants) and hard labels {@code y}. The
 * temperature softens both distributions so the teacher's "dark knowledge" about wrong classes carries signal; the
 * factor {@code T^2} keeps the soft term's gradients on the scale of the hard term's as T changes. With the default
 * mean reduction the KL term is the per-sample mean (PyTorch's {@code batchmean}), as in the usual PyTorch recipe.
 *
 * <p>Call {@link #compute(Tensor, Tensor, Tensor)} with student and teacher logits {@code [N, C]} and int64 labels
 * {@code [N]}; through the {@link dev.neurite.api.nn.Loss} interface the logits come stacked, {@code [N, 2, C]}
 * (student first), e.g. from a model that runs a frozen teacher beside the student.
 */
public final class DistillationLoss extends AbstractLoss {
    public static final String TYPE = "distillation";
    private final double temperature;
    private final double alpha;
    private final KLDivergence soft = new KLDivergence(Reduction.NONE, false);
    private final SparseCategoricalCrossEntropy hard = new SparseCategoricalCrossEntropy(Reduction.NONE, 0);

    /** Temperature 4 and weight 0.9 on the soft term: Hinton et al. found a small weight on the hard term works best. */
    public DistillationLoss() {
        this(4, 0.9, Reduction.MEAN);
    }

    public DistillationLoss(double temperature, double alpha, Reduction reduction) {
        super(TYPE, reduction);
        if (!(temperature > 0)) {
            throw new IllegalArgumentException(TYPE + ": temperature must be > 0, got " + temperature);
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException(TYPE + ": alpha must be in [0, 1], got " + alpha);
        }
        this.temperature = temperature;
        this.alpha = alpha;
    }

    public DistillationLoss(Config config) {
        this(config.getDouble("temperature", 4), config.getDouble("alpha", 0.9), reduction(config));
    }

    public Tensor compute(Tensor student, Tensor teacher, Tensor labels) {
        return reduction().apply(perSample(student, teacher, labels));
    }

    @Override
    protected Tensor unreduced(Tensor stacked, Tensor labels) {
        return perSample(Pairs.branch(TYPE, stacked, 2, 0), Pairs.branch(TYPE, stacked, 2, 1), labels);
    }

    private Tensor perSample(Tensor student, Tensor teacher, Tensor labels) {
        Pairs.requireSameShape(TYPE, student, teacher);
        Tensor target = teacher.detach().div(temperature).softmax(-1);
        Tensor kl = soft.compute(student.div(temperature).logSoftmax(-1), target).sum(-1, false);
        Tensor ce = hard.compute(student, labels);
        return kl.mul(alpha * temperature * temperature).add(ce.mul(1 - alpha));
    }

    @Override
    protected void addConfig(Config config) {
        config.with("temperature", temperature).with("alpha", alpha);
    }
}
