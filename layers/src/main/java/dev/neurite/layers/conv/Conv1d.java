package dev.neurite.layers.conv;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;
import dev.neurite.layers.core.Seeds;
import dev.neurite.layers.init.Initializer;
import dev.neurite.layers.init.Initializers;

/**
 * 1-D convolution over [batch, channels, length] inputs, PyTorch's {@code nn.Conv1d}: weight
 * {@code [out, in/groups, k]}, bias {@code [out]}, output length {@code floor((L + 2p - d(k-1) - 1)/s) + 1}.
 * Runs as a {@link Conv2d}-style convolution of the input viewed as [B, C, 1, L] (fused kernel when the backend
 * has one, im2col otherwise). Initialised like PyTorch, U(-1/sqrt(fan_in), 1/sqrt(fan_in)), fan_in = in/groups*k.
 */
public final class Conv1d extends AbstractLayer {
    public static final String TYPE = "conv1d";

    private final long in;
    private final long out;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int dilation;
    private final int groups;
    private final boolean hasBias;
    private final DType dtype;
    private final long seed;
    private final Tensor weight;
    private final Tensor bias;

    public Conv1d(long in, long out, int kernel, Generator generator) {
        this(in, out, kernel, 1, 0, 1, 1, true, DType.FLOAT32, Seeds.next(generator));
    }

    public Conv1d(long in, long out, int kernel, int stride, int padding, int dilation, int groups, boolean bias,
                  long seed) {
        this(in, out, kernel, stride, padding, dilation, groups, bias, DType.FLOAT32, seed);
    }

    public Conv1d(long in, long out, int kernel, int stride, int padding, int dilation, int groups, boolean bias,
                  DType dtype, long seed) {
        if (in < 1 || out < 1 || groups < 1 || in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException("conv1d: in and out must be >= 1 and divisible by groups, got in=" + in
                    + ", out=" + out + ", groups=" + groups);
        }
        if (kernel < 1 || stride < 1 || padding < 0 || dilation < 1) {
            throw new IllegalArgumentException("conv1d: need kernel, stride, dilation >= 1 and padding >= 0, got kernel="
                    + kernel + ", stride=" + stride + ", padding=" + padding + ", dilation=" + dilation);
        }
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("conv1d: parameters must be floating point, got " + dtype);
        }
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        this.hasBias = bias;
        this.dtype = dtype;
        this.seed = seed;
        long fanIn = in / groups * kernel;
        long fanOut = out / groups * kernel;
        Initializer init = Initializers.pytorchDefault();
        Generator streams = new Generator(seed);
        long weightSeed = streams.nextSeed();
        long biasSeed = streams.nextSeed();
        Shape weightShape = Shape.of(out, in / groups, kernel);
        this.weight = addParameter("weight",
                MemoryScope.outside(() -> init.create(weightShape, dtype, fanIn, fanOut, weightSeed)));
        this.bias = bias
                ? addParameter("bias", MemoryScope.outside(() -> init.create(Shape.of(out), dtype, fanIn, fanOut, biasSeed)))
                : null;
    }

    public Conv1d(Config config) {
        this(config.getLong("in"), config.getLong("out"), config.getInt("kernel"), config.getInt("stride", 1),
                config.getInt("padding", 0), config.getInt("dilation", 1), config.getInt("groups", 1),
                config.getBoolean("bias", true), DType.fromId(config.getString("dtype", DType.FLOAT32.id())),
                config.getLong("seed"));
    }

    public Tensor weight() {
        return weight;
    }

    /** The bias, or {@code null} when the layer was built without one. */
    public Tensor bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 3 || x.size(1) != in) {
            throw new IllegalArgumentException("conv1d: expected input [batch, " + in + ", length], got shape " + x.shape());
        }
        if (x.dtype() != dtype) {
            throw new IllegalArgumentException("conv1d: input dtype " + x.dtype() + " does not match the layer's " + dtype
                    + "; cast the input or build the layer with dtype " + x.dtype());
        }
        long length = x.size(2);
        long span = (long) dilation * (kernel - 1) + 1;
        if (length + 2L * padding < span) {
            throw new IllegalArgumentException("conv1d: input length " + length + " is smaller than the dilated kernel "
                    + span + " with padding " + padding);
        }
        Tensor y = ConvOps.conv2d(TYPE, x.unsqueeze(2), weight.unsqueeze(2), bias, new int[]{1, stride},
                new int[]{0, padding}, new int[]{1, dilation}, groups);
        return y.squeeze(2);
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("in", in).with("out", out).with("kernel", kernel).with("stride", stride)
                .with("padding", padding).with("dilation", dilation).with("groups", groups).with("bias", hasBias)
                .with("dtype", dtype.id()).with("seed", seed);
    }
}
