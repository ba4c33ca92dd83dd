package dev.neurite.layers.conv;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.kernel.Conv2dKernel;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;
import dev.neurite.layers.core.Seeds;
import dev.neurite.layers.init.Initializer;
import dev.neurite.layers.init.Initializers;

/**
 * 2-D convolution over NCHW inputs, PyTorch's {@code nn.Conv2d}: weight {@code [out, in/groups, kh, kw]}, bias
 * {@code [out]}, output {@code [batch, out, ho, wo]} with {@code ho = floor((h + 2p - d(kh-1) - 1)/s) + 1}.
 * Numeric padding is symmetric. {@code "same"} padding ({@link #Conv2d(long, long, int[], int[], String, int[], int,
 * boolean, DType, long)}) is computed per input as TensorFlow/Keras define it, at any stride: the output is
 * {@code ceil(n / s)}, from a total padding {@code max((ceil(n/s) - 1) s + d(k-1) + 1 - n, 0)} split with the odd
 * row or column at the bottom or right (at stride 1 this is also PyTorch's {@code padding="same"}, even kernels
 * included).
 *
 * <p>Weight and bias start as in PyTorch, U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with
 * {@code fan_in = in/groups * kh * kw}, from a seed recorded in the config. A backend's fused
 * {@link Conv2dKernel} runs forward and backward when present; otherwise the layer runs as im2col built from
 * Tensor ops, which autograd differentiates.
 */
public final class Conv2d extends AbstractLayer {
    public static final String TYPE = "conv2d";
    private static final int[] ONE = {1, 1};
    private static final int[] ZERO = {0, 0};

    private final long in;
    private final long out;
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;
    private final int groups;
    private final boolean same;
    private final boolean hasBias;
    private final DType dtype;
    private final long seed;
    private final Tensor weight;
    private final Tensor bias;

    public Conv2d(long in, long out, int kernel, long seed) {
        this(in, out, Windows.pair(kernel), ONE, ZERO, ONE, 1, true, DType.FLOAT32, seed);
    }

    public Conv2d(long in, long out, int kernel, Generator generator) {
        this(in, out, kernel, 1, 0, generator);
    }

    public Conv2d(long in, long out, int kernel, int stride, int padding, Generator generator) {
        this(in, out, Windows.pair(kernel), Windows.pair(stride), Windows.pair(padding), ONE, 1, true, DType.FLOAT32,
                Seeds.next(generator));
    }

    /** String padding at stride 1: {@code "valid"} (none) or {@code "same"} (the output keeps the input's size). */
    public Conv2d(long in, long out, int kernel, String padding, Generator generator) {
        this(in, out, kernel, 1, padding, generator);
    }

    /** String padding, Keras style: {@code "valid"} (none) or {@code "same"} (output {@code ceil(n / stride)}). */
    public Conv2d(long in, long out, int kernel, int stride, String padding, Generator generator) {
        this(in, out, Windows.pair(kernel), Windows.pair(stride), padding, ONE, 1, true, DType.FLOAT32,
                Seeds.next(generator));
    }

    /** As the numeric constructor, with {@code "valid"} or {@code "same"} padding (see the class comment). */
    public Conv2d(long in, long out, int[] kernel, int[] stride, String padding, int[] dilation, int groups,
                  boolean bias, DType dtype, long seed) {
        this(in, out, kernel, stride, ZERO, dilation, groups, bias, dtype, seed, isSame(padding));
    }

    public Conv2d(long in, long out, int[] kernel, int[] stride, int[] padding, int[] dilation, int groups,
                  boolean bias, DType dtype, long seed) {
        this(in, out, kernel, stride, padding, dilation, groups, bias, dtype, seed, false);
    }

    private Conv2d(long in, long out, int[] kernel, int[] stride, int[] padding, int[] dilation, int groups,
                   boolean bias, DType dtype, long seed, boolean same) {
        if (in < 1 || out < 1 || groups < 1 || in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException("conv2d: in and out must be >= 1 and divisible by groups, got in=" + in
                    + ", out=" + out + ", groups=" + groups);
        }
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("conv2d: parameters must be floating point, got " + dtype);
        }
        this.in = in;
        this.out = out;
        this.kernel = Windows.check(TYPE, "kernel", kernel, 1);
        this.stride = Windows.check(TYPE, "stride", stride, 1);
        this.padding = Windows.check(TYPE, "padding", padding, 0);
        this.dilation = Windows.check(TYPE, "dilation", dilation, 1);
        this.groups = groups;
        this.same = same;
        this.hasBias = bias;
        this.dtype = dtype;
        this.seed = seed;
        long fanIn = in / groups * kernel[0] * kernel[1];
        long fanOut = out / groups * kernel[0] * kernel[1];
        Initializer init = Initializers.pytorchDefault();
        Generator streams = new Generator(seed);
        long weightSeed = streams.nextSeed();
        long biasSeed = streams.nextSeed();
        Shape weightShape = Shape.of(out, in / groups, kernel[0], kernel[1]);
        this.weight = addParameter("weight",
                MemoryScope.outside(() -> init.create(weightShape, dtype, fanIn, fanOut, weightSeed)));
        this.bias = bias
                ? addParameter("bias", MemoryScope.outside(() -> init.create(Shape.of(out), dtype, fanIn, fanOut, biasSeed)))
                : null;
    }

    public Conv2d(Config config) {
        this(config.getLong("in"), config.getLong("out"), config.getIntArray("kernel"),
                Windows.pairFrom(config, "stride", ONE), Windows.pairFrom(config, "padding", ZERO),
                Windows.pairFrom(config, "dilation", ONE), config.getInt("groups", 1), config.getBoolean("bias", true),
                DType.fromId(config.getString("dtype", DType.FLOAT32.id())), config.getLong("seed"),
                config.getBoolean("same", false));
    }

    /**
     * PyTorch's {@code padding="same"} for stride 1: {@code d(k-1)/2} per axis. Only symmetric padding exists here,
     * so an even {@code d(k-1)} (an even kernel without dilation, say) is rejected rather than silently shifted.
     */
    public static int[] samePadding(int[] kernel, int[] dilation) {
        int[] p = new int[2];
        for (int i = 0; i < 2; i++) {
            int total = dilation[i] * (kernel[i] - 1);
            if (total % 2 != 0) {
                throw new IllegalArgumentException("conv2d: 'same' padding needs an odd dilated kernel, got kernel "
                        + java.util.Arrays.toString(kernel) + " with dilation " + java.util.Arrays.toString(dilation));
            }
            p[i] = total / 2;
        }
        return p;
    }

    private static boolean isSame(String padding) {
        return switch (padding) {
            case "valid" -> false;
            case "same" -> true;
            default -> throw new IllegalArgumentException("conv2d: padding must be \"valid\" or \"same\", got \"" + padding + "\"");
        };
    }

    /**
     * The {@code "same"} padding of one axis of length {@code n}: {@code {before, after}}, the odd one after, as
     * TensorFlow computes it.
     */
    public static long[] samePadding(long n, int kernel, int stride, int dilation) {
        long out = Math.floorDiv(n + stride - 1, stride);
        long total = Math.max((out - 1) * stride + (long) dilation * (kernel - 1) + 1 - n, 0);
        return new long[]{total / 2, total - total / 2};
    }

    /** True when the padding is {@code "same"}, computed per input. */
    public boolean isSamePadding() {
        return same;
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
        Windows.checkInput(TYPE, x, in);
        if (x.dtype() != dtype) {
            throw new IllegalArgumentException("conv2d: input dtype " + x.dtype() + " does not match the layer's " + dtype
                    + "; cast the input or build the layer with dtype " + x.dtype());
        }
        if (!same) {
            return ConvOps.conv2d(TYPE, x, weight, bias, stride, padding, dilation, groups);
        }
        // The symmetric part goes to the convolution; only an odd extra row/column is padded here.
        long[] ph = samePadding(x.size(2), kernel[0], stride[0], dilation[0]);
        long[] pw = samePadding(x.size(3), kernel[1], stride[1], dilation[1]);
        Tensor padded = ConvOps.padOrCrop(x, 0, ph[1] - ph[0], 0, pw[1] - pw[0]);
        int[] symmetric = {Math.toIntExact(ph[0]), Math.toIntExact(pw[0])};
        return ConvOps.conv2d(TYPE, padded, weight, bias, stride, symmetric, dilation, groups);
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        Config c = Config.empty().with("in", in).with("out", out).with("kernel", kernel).with("stride", stride)
                .with("padding", padding).with("dilation", dilation).with("groups", groups).with("bias", hasBias)
                .with("dtype", dtype.id()).with("seed", seed);
        // Only when set, so configs saved before "same" existed read and write unchanged.
        return same ? c.with("same", true) : c;
    }
}
