package dev.neurite.layers.norm;

import dev.neurite.api.DType;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;

import java.util.Arrays;

/**
 * Group normalisation, PyTorch's {@code nn.GroupNorm}: the channels (axis 1) of a {@code [B, C, *]} input are split
 * into {@code groups} groups and each sample's group is normalised with its own mean and biased variance (eps 1e-5),
 * then scaled and shifted per channel by {@code weight} (starting at 1) and {@code bias} (starting at 0) when
 * {@code affine}. Training and eval behave the same. Built from Tensor ops; autograd supplies the gradients.
 */
public final class GroupNorm extends AbstractLayer {
    public static final String TYPE = "group_norm";
    public static final double DEFAULT_EPS = 1e-5;

    private final int groups;
    private final long channels;
    private final double eps;
    private final boolean affine;
    private final DType dtype;
    private final Tensor weight;
    private final Tensor bias;

    public GroupNorm(int groups, long channels) {
        this(groups, channels, DEFAULT_EPS, true, DType.FLOAT32);
    }

    public GroupNorm(int groups, long channels, double eps, boolean affine, DType dtype) {
        if (groups < 1 || channels < 1 || channels % groups != 0) {
            throw new IllegalArgumentException(TYPE + ": channels must be >= 1 and divisible by groups >= 1, got groups="
                    + groups + ", channels=" + channels);
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException(TYPE + ": eps must be > 0, got " + eps);
        }
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(TYPE + ": parameters must be floating point, got " + dtype);
        }
        this.groups = groups;
        this.channels = channels;
        this.eps = eps;
        this.affine = affine;
        this.dtype = dtype;
        Shape shape = Shape.of(channels);
        this.weight = affine ? addParameter("weight", MemoryScope.outside(() -> Tensor.ones(shape, dtype))) : null;
        this.bias = affine ? addParameter("bias", MemoryScope.outside(() -> Tensor.zeros(shape, dtype))) : null;
    }

    public GroupNorm(Config config) {
        this(config.getInt("groups"), config.getLong("channels"), config.getDouble("eps", DEFAULT_EPS),
                config.getBoolean("affine", true), DType.fromId(config.getString("dtype", DType.FLOAT32.id())));
    }

    /** Gamma, or {@code null} without affine parameters. */
    public Tensor weight() {
        return weight;
    }

    /** Beta, or {@code null} without affine parameters. */
    public Tensor bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 2 || x.size(1) != channels) {
            throw new IllegalArgumentException(TYPE + ": expected input [B, " + channels + ", ...], got shape " + x.shape());
        }
        if (x.dtype() != dtype) {
            throw new IllegalArgumentException(TYPE + ": input dtype " + x.dtype() + " does not match the layer's " + dtype
                    + "; cast the input or build the layer with dtype " + x.dtype());
        }
        long batch = x.size(0);
        Tensor grouped = x.reshape(batch, groups, -1);
        Tensor centered = grouped.sub(grouped.mean(2, true));
        Tensor var = centered.square().mean(2, true);
        Tensor y = centered.div(var.add(eps).sqrt()).reshape(x.shape());
        if (!affine) {
            return y;
        }
        long[] channelShape = new long[x.rank() - 1];
        Arrays.fill(channelShape, 1);
        channelShape[0] = channels;
        return y.mul(weight.reshape(channelShape)).add(bias.reshape(channelShape));
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("groups", groups).with("channels", channels).with("eps", eps).with("affine", affine)
                .with("dtype", dtype.id());
    }
}
