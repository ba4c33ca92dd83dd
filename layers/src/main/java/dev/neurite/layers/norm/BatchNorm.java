package dev.neurite.layers.norm;

import dev.neurite.api.DType;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.backend.Kernels;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.kernel.BatchNormKernel;
import dev.neurite.api.nn.AbstractLayer;

import java.util.Optional;

/**
 * Batch normalisation over axis 1 (the features or channels), shared by {@link BatchNorm1d} and {@link BatchNorm2d},
 * with PyTorch's semantics: in training the batch is normalised with its own mean and biased variance, and the
 * buffers {@code running_mean} / {@code running_var} move towards the batch mean and the <em>unbiased</em> batch
 * variance by {@code momentum}; in eval mode the running statistics are used. {@code weight} (gamma, starting at 1)
 * and {@code bias} (beta, starting at 0) are learned when {@code affine}. The int64 scalar buffer
 * {@code num_batches_tracked} counts the training batches, as in PyTorch's state dict.
 *
 * <p>In training a backend's fused {@link BatchNormKernel} runs the forward and backward passes when present;
 * otherwise, and in eval mode, everything is built from Tensor ops and autograd
 * supplies the gradients. The running statistics are updated in
 * place under {@link GradMode#noGrad()}; they live outside every {@link MemoryScope}, like parameters.
 */
public abstract class BatchNorm extends AbstractLayer {
    public static final double DEFAULT_EPS = 1e-5;
    public static final double DEFAULT_MOMENTUM = 0.1;

    private final String type;
    protected final long features;
    protected final double eps;
    protected final double momentum;
    protected final boolean affine;
    protected final DType dtype;
    private final Tensor weight;
    private final Tensor bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor numBatchesTracked;

    protected BatchNorm(String type, long features, double eps, double momentum, boolean affine, DType dtype) {
        if (features < 1) {
            throw new IllegalArgumentException(type + ": the number of features must be >= 1, got " + features);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException(type + ": eps must be > 0, got " + eps);
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(type + ": momentum must be in [0, 1], got " + momentum);
        }
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(type + ": parameters must be floating point, got " + dtype);
        }
        this.type = type;
        this.features = features;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.dtype = dtype;
        Shape shape = Shape.of(features);
        this.weight = affine ? addParameter("weight", MemoryScope.outside(() -> Tensor.ones(shape, dtype))) : null;
        this.bias = affine ? addParameter("bias", MemoryScope.outside(() -> Tensor.zeros(shape, dtype))) : null;
        this.runningMean = addBuffer("running_mean", MemoryScope.outside(() -> Tensor.zeros(shape, dtype)));
        this.runningVar = addBuffer("running_var", MemoryScope.outside(() -> Tensor.ones(shape, dtype)));
        // PyTorch's state dict has it too (an int64 scalar), so weights exported from PyTorch load by name.
        this.numBatchesTracked = addBuffer("num_batches_tracked", MemoryScope.outside(() -> Tensor.ofLongs(new long[]{0})));
    }

    /** Gamma, or {@code null} without affine parameters. */
    public Tensor weight() {
        return weight;
    }

    /** Beta, or {@code null} without affine parameters. */
    public Tensor bias() {
        return bias;
    }

    public Tensor runningMean() {
        return runningMean;
    }

    public Tensor runningVar() {
        return runningVar;
    }

    /** How many training batches have updated the running statistics (int64 scalar). */
    public Tensor numBatchesTracked() {
        return numBatchesTracked;
    }

    /** Throws unless {@code x} has a rank this layer accepts; the message names the layer and the shape. */
    protected abstract void checkRank(Tensor x);

    @Override
    public Tensor forward(Tensor x) {
        checkRank(x);
        if (x.size(1) != features) {
            throw new IllegalArgumentException(type + ": expected " + features + " channels on axis 1, got input of shape "
                    + x.shape());
        }
        if (x.dtype() != dtype) {
            throw new IllegalArgumentException(type + ": input dtype " + x.dtype() + " does not match the layer's " + dtype
                    + "; cast the input or build the layer with dtype " + x.dtype());
        }
        long[] statShape = new long[x.rank()];
        java.util.Arrays.fill(statShape, 1);
        statShape[1] = features;
        Tensor normalised;
        if (isTraining()) {
            int[] axes = new int[x.rank() - 1];
            axes[0] = 0;
            for (int i = 2; i < x.rank(); i++) {
                axes[i - 1] = i;
            }
            long n = x.numel() / features;
            if (n < 2) {
                throw new IllegalArgumentException(type + ": training needs more than 1 value per channel, got input of shape "
                        + x.shape() + "; use a larger batch or eval mode");
            }
            Optional<BatchNormKernel> kernel = Kernels.find(x.backend(), BatchNormKernel.class);
            if (kernel.isPresent()) {
                return fused(kernel.get(), x, axes, statShape, n);
            }
            Tensor mean = x.mean(axes, true);
            Tensor centered = x.sub(mean);
            Tensor var = centered.square().mean(axes, true);
            normalised = centered.div(var.add(eps).sqrt());
            updateRunningStatistics(mean, var, n);
        } else {
            normalised = x.sub(runningMean.reshape(statShape)).div(runningVar.reshape(statShape).add(eps).sqrt());
        }
        return affine ? normalised.mul(weight.reshape(statShape)).add(bias.reshape(statShape)) : normalised;
    }

    /**
     * Training mode on the backend's fused kernel: its backward pass when it has one, else the closed form of the
     * batch-norm gradient through the batch statistics (see {@link BatchNormKernel#backward}) in Tensor ops.
     */
    private Tensor fused(BatchNormKernel k, Tensor x, int[] axes, long[] statShape, long n) {
        NdArray[] r = k.forward(x.data(), affine ? weight.data() : null, affine ? bias.data() : null, eps);
        Tensor mean = Tensor.wrap(r[1]);
        Tensor var = Tensor.wrap(r[2]);
        updateRunningStatistics(mean, var, n);
        Tensor[] inputs = affine ? new Tensor[]{x, weight, bias} : new Tensor[]{x};
        return Tensor.fromOp(typeId(), r[0], g -> {
            Tensor[] grads = k.backward(x.data(), affine ? weight.data() : null, mean.data(), var.data(), g.data(), eps)
                    .map(d -> affine ? new Tensor[]{Tensor.wrap(d[0]), Tensor.wrap(d[1]), Tensor.wrap(d[2])}
                            : new Tensor[]{Tensor.wrap(d[0])})
                    .orElseGet(() -> closedForm(x, g, mean, var, axes, statShape));
            for (int i = 0; i < inputs.length; i++) {
                if (!inputs[i].requiresGrad()) {
                    grads[i] = null;
                }
            }
            return grads;
        }, inputs);
    }

    private Tensor[] closedForm(Tensor x, Tensor g, Tensor mean, Tensor var, int[] axes, long[] statShape) {
        Tensor invStd = var.add(eps).sqrt().reciprocal().reshape(statShape);
        Tensor xhat = x.sub(mean.reshape(statShape)).mul(invStd);
        Tensor gx = g.mul(xhat);
        Tensor scale = affine ? invStd.mul(weight.reshape(statShape)) : invStd;
        Tensor dx = g.sub(g.mean(axes, true)).sub(xhat.mul(gx.mean(axes, true))).mul(scale);
        return affine ? new Tensor[]{dx, gx.sum(axes, false), g.sum(axes, false)} : new Tensor[]{dx};
    }

    @SuppressWarnings("try")
    private void updateRunningStatistics(Tensor mean, Tensor biasedVar, long n) {
        try (GradMode.Guard g = GradMode.noGrad()) {
            Tensor m = mean.detach().reshape(features);
            Tensor v = biasedVar.detach().reshape(features).mul((double) n / (n - 1));
            runningMean.copyFrom(runningMean.mul(1 - momentum).add(m.mul(momentum)));
            runningVar.copyFrom(runningVar.mul(1 - momentum).add(v.mul(momentum)));
            numBatchesTracked.addInPlace(Tensor.ofLongs(new long[]{1}));
        }
    }
}
