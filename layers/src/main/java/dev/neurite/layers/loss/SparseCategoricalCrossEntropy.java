package dev.neurite.layers.loss;

import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.backend.Kernels;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.kernel.SoftmaxCrossEntropyKernel;
import dev.neurite.api.nn.Config;

import java.util.Optional;

/**
 * Softmax cross-entropy from raw scores {@code [..., C]} (classes on the last axis) and int64 class indices
 * {@code [...]}; PyTorch's {@code CrossEntropyLoss} with index targets, including {@code label_smoothing}. Uses the
 * backend's fused {@link SoftmaxCrossEntropyKernel} when it has one. Unreduced, one value per sample.
 * (PyTorch puts the classes on axis 1 for inputs of rank > 2; move them last first.)
 */
public final class SparseCategoricalCrossEntropy extends CrossEntropyLoss {
    public static final String TYPE = "sparse_categorical_cross_entropy";
    private boolean useKernel = true;

    public SparseCategoricalCrossEntropy() {
        this(Reduction.MEAN, 0);
    }

    public SparseCategoricalCrossEntropy(Reduction reduction, double labelSmoothing) {
        super(TYPE, reduction, labelSmoothing);
    }

    public SparseCategoricalCrossEntropy(Config config) {
        this(reduction(config), config.getDouble("label_smoothing", 0));
    }

    /** Forces the primitive path even where the backend has a fused kernel, so tests can compare the two. */
    SparseCategoricalCrossEntropy withoutKernel() {
        useKernel = false;
        return this;
    }

    @SuppressWarnings("try") // the guard only scopes no-grad mode
    @Override
    protected Tensor unreduced(Tensor logits, Tensor targets) {
        Tensor labels = classTargets(logits, targets);
        long classes = logits.size(-1);
        Tensor z = logits.rank() == 2 ? logits : logits.reshape(-1, classes);
        Tensor y = labels.reshape(-1);
        Optional<SoftmaxCrossEntropyKernel> kernel = useKernel
                ? Kernels.find(z.backend(), SoftmaxCrossEntropyKernel.class) : Optional.empty();
        boolean needGrad = GradMode.isEnabled() && z.requiresGrad();
        Tensor[] lossAndGrad = new Tensor[2];
        try (GradMode.Guard g = GradMode.noGrad()) {
            if (kernel.isPresent()) {
                fused(kernel.get(), z, y, classes, needGrad, lossAndGrad);
            } else {
                primitive(z, y, classes, needGrad, lossAndGrad);
            }
        }
        Tensor loss = Tensor.fromOp(TYPE, lossAndGrad[0].data(),
                g -> new Tensor[]{lossAndGrad[1].mul(g.unsqueeze(-1)), null}, z, y);
        return loss.reshape(labels.shape());
    }

    /**
     * The kernel gives the plain loss and {@code softmax - onehot}; smoothing adds
     * {@code eps (z_y - mean(z))} to the loss and {@code eps (onehot - 1/C)} to the gradient.
     */
    private void fused(SoftmaxCrossEntropyKernel kernel, Tensor z, Tensor y, long classes, boolean needGrad, Tensor[] out) {
        NdArray[] r = kernel.lossAndGradient(z.data(), y.data());
        out[0] = Tensor.wrap(r[0]);
        out[1] = Tensor.wrap(r[1]);
        double eps = labelSmoothing();
        if (eps > 0) {
            Tensor oneHot = oneHot(y, classes, z);
            out[0] = out[0].add(z.mul(oneHot).sum(-1, false).sub(z.mean(-1, false)).mul(eps));
            out[1] = needGrad ? out[1].add(oneHot.sub(1.0 / classes).mul(eps)) : null;
        }
    }

    private void primitive(Tensor z, Tensor y, long classes, boolean needGrad, Tensor[] out) {
        Tensor logp = z.logSoftmax(-1);
        Tensor q = smooth(oneHot(y, classes, z), classes);
        out[0] = logp.mul(q).sum(-1, false).neg();
        out[1] = needGrad ? logp.exp().sub(q) : null;
    }

    /** The loss of a batch of uniform predictions, log C: what an untrained classifier should start near. */
    public static double chanceLevel(long classes) {
        return Math.log(classes);
    }
}
