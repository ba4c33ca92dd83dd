package dev.neurite.layers.norm;

import dev.neurite.api.DType;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;

import java.util.Arrays;

/**
 * Layer normalisation over the last {@code normalizedShape.length} axes, PyTorch's {@code nn.LayerNorm}: each sample
 * is normalised with its own mean and biased variance (eps 1e-5), then scaled by {@code weight} (starting at 1) and
 * shifted by {@code bias} (starting at 0), both of shape {@code normalizedShape}, when {@code elementwiseAffine}.
 * Training and eval behave the same. Built from Tensor ops; autograd supplies the gradients.
 */
public final class LayerNorm extends AbstractLayer {
    public static final String TYPE = "layer_norm";
    public static final double DEFAULT_EPS = 1e-5;

    private final long[] normalizedShape;
    private final double eps;
    private final boolean elementwiseAffine;
    private final DType dtype;
    private final Tensor weight;
    private final Tensor bias;

    public LayerNorm(long... normalizedShape) {
        this(normalizedShape, DEFAULT_EPS, true, DType.FLOAT32);
    }

    public LayerNorm(long[] normalizedShape, double eps, boolean elementwiseAffine, DType dtype) {
        if (normalizedShape.length == 0 || Arrays.stream(normalizedShape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException(TYPE + ": normalizedShape must be non-empty with sizes >= 1, got "
                    + Arrays.toString(normalizedShape));
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException(TYPE + ": eps must be > 0, got " + eps);
        }
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(TYPE + ": parameters must be floating point, got " + dtype);
        }
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.elementwiseAffine = elementwiseAffine;
        this.dtype = dtype;
        Shape shape = Shape.of(normalizedShape);
        this.weight = elementwiseAffine ? addParameter("weight", MemoryScope.outside(() -> Tensor.ones(shape, dtype))) : null;
        this.bias = elementwiseAffine ? addParameter("bias", MemoryScope.outside(() -> Tensor.zeros(shape, dtype))) : null;
    }

    public LayerNorm(Config config) {
        this(config.getLongArray("normalized_shape"), config.getDouble("eps", DEFAULT_EPS),
                config.getBoolean("elementwise_affine", true), DType.fromId(config.getString("dtype", DType.FLOAT32.id())));
    }

    public long[] normalizedShape() {
        return normalizedShape.clone();
    }

    /** Gamma, or {@code null} without elementwise affine parameters. */
    public Tensor weight() {
        return weight;
    }

    /** Beta, or {@code null} without elementwise affine parameters. */
    public Tensor bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        int k = normalizedShape.length;
        int rank = x.rank();
        if (rank < k || !Arrays.equals(x.shape().sub(rank - k, rank).toArray(), normalizedShape)) {
            throw new IllegalArgumentException(TYPE + ": expected input whose last dimensions are "
                    + Arrays.toString(normalizedShape) + ", got shape " + x.shape());
        }
        if (x.dtype() != dtype) {
            throw new IllegalArgumentException(TYPE + ": input dtype " + x.dtype() + " does not match the layer's " + dtype
                    + "; cast the input or build the layer with dtype " + x.dtype());
        }
        int[] axes = new int[k];
        for (int i = 0; i < k; i++) {
            axes[i] = rank - k + i;
        }
        Tensor centered = x.sub(x.mean(axes, true));
        Tensor var = centered.square().mean(axes, true);
        Tensor y = centered.div(var.add(eps).sqrt());
        return elementwiseAffine ? y.mul(weight).add(bias) : y;
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("normalized_shape", normalizedShape).with("eps", eps)
                .with("elementwise_affine", elementwiseAffine).with("dtype", dtype.id());
    }
}
