package dev.neurite.layers.conv;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Kernels;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.kernel.ConvTranspose2dKernel;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;
import dev.neurite.layers.core.Seeds;
import dev.neurite.layers.init.Initializer;
import dev.neurite.layers.init.Initializers;

import java.util.Arrays;
import java.util.Optional;

/**
 * Transposed 2-D convolution over NCHW inputs, PyTorch's {@code nn.ConvTranspose2d} (no groups): weight
 * {@code [in, out, kh, kw]}, bias {@code [out]}, output size per axis
 * {@code (H - 1)*s - 2p + d(k - 1) + outputPadding + 1}.
 *
 * <p>A backend's fused {@link ConvTranspose2dKernel} runs forward and backward when present. Otherwise it is
 * computed as a regular convolution: the input gets {@code s - 1} zeros inserted between neighbours, is padded by
 * {@code d(k-1) - p} on each side (plus {@code outputPadding} at the bottom and right; a negative amount crops),
 * and is convolved at stride 1 and dilation d with the kernel flipped in both spatial axes and with its in/out axes
 * swapped. That convolution uses the backend's fused conv2d kernel when there is one, and autograd carries the
 * gradients back through the flip to the weight. Initialised like PyTorch: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with
 * {@code fan_in = out * kh * kw} (PyTorch computes the fan from the weight's second axis).
 */
public final class ConvTranspose2d extends AbstractLayer {
    public static final String TYPE = "conv_transpose2d";
    private static final int[] ONE = {1, 1};
    private static final int[] ZERO = {0, 0};

    private final long in;
    private final long out;
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final int[] outputPadding;
    private final int[] dilation;
    private final boolean hasBias;
    private final DType dtype;
    private final long seed;
    private final Tensor weight;
    private final Tensor bias;

    public ConvTranspose2d(long in, long out, int kernel, int stride, Generator generator) {
        this(in, out, kernel, stride, 0, 0, true, Seeds.next(generator));
    }

    public ConvTranspose2d(long in, long out, int kernel, int stride, int padding, int outputPadding, boolean bias,
                           long seed) {
        this(in, out, Windows.pair(kernel), Windows.pair(stride), Windows.pair(padding), Windows.pair(outputPadding),
                ONE, bias, DType.FLOAT32, seed);
    }

    public ConvTranspose2d(long in, long out, int[] kernel, int[] stride, int[] padding, int[] outputPadding,
                           int[] dilation, boolean bias, DType dtype, long seed) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException(TYPE + ": in and out must be >= 1, got in=" + in + ", out=" + out);
        }
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(TYPE + ": parameters must be floating point, got " + dtype);
        }
        this.in = in;
        this.out = out;
        this.kernel = Windows.check(TYPE, "kernel", kernel, 1);
        this.stride = Windows.check(TYPE, "stride", stride, 1);
        this.padding = Windows.check(TYPE, "padding", padding, 0);
        this.outputPadding = Windows.check(TYPE, "output padding", outputPadding, 0);
        this.dilation = Windows.check(TYPE, "dilation", dilation, 1);
        for (int i = 0; i < 2; i++) {
            if (outputPadding[i] >= Math.max(stride[i], dilation[i])) {
                throw new IllegalArgumentException(TYPE + ": output padding " + Arrays.toString(outputPadding)
                        + " must be smaller than the stride " + Arrays.toString(stride) + " or the dilation "
                        + Arrays.toString(dilation));
            }
        }
        this.hasBias = bias;
        this.dtype = dtype;
        this.seed = seed;
        long fanIn = out * kernel[0] * kernel[1];
        long fanOut = in * kernel[0] * kernel[1];
        Initializer init = Initializers.pytorchDefault();
        Generator streams = new Generator(seed);
        long weightSeed = streams.nextSeed();
        long biasSeed = streams.nextSeed();
        Shape weightShape = Shape.of(in, out, kernel[0], kernel[1]);
        this.weight = addParameter("weight",
                MemoryScope.outside(() -> init.create(weightShape, dtype, fanIn, fanOut, weightSeed)));
        this.bias = bias
                ? addParameter("bias", MemoryScope.outside(() -> init.create(Shape.of(out), dtype, fanIn, fanOut, biasSeed)))
                : null;
    }

    public ConvTranspose2d(Config config) {
        this(config.getLong("in"), config.getLong("out"), config.getIntArray("kernel"),
                Windows.pairFrom(config, "stride", ONE), Windows.pairFrom(config, "padding", ZERO),
                Windows.pairFrom(config, "output_padding", ZERO), Windows.pairFrom(config, "dilation", ONE),
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

    /** {@code (n - 1)*s - 2p + d(k - 1) + outputPadding + 1} for one axis. */
    public static long outputSize(long n, int kernel, int stride, int padding, int outputPadding, int dilation) {
        return (n - 1) * stride - 2L * padding + (long) dilation * (kernel - 1) + outputPadding + 1;
    }

    /** {ho, wo} for an input of {@code h x w}, or an error naming the layer and the numbers when it would be empty. */
    public long[] outputSize(long h, long w) {
        long ho = outputSize(h, kernel[0], stride[0], padding[0], outputPadding[0], dilation[0]);
        long wo = outputSize(w, kernel[1], stride[1], padding[1], outputPadding[1], dilation[1]);
        if (ho < 1 || wo < 1) {
            throw new IllegalArgumentException(TYPE + ": input " + h + "x" + w + " with kernel " + kernel[0] + "x"
                    + kernel[1] + ", stride " + Arrays.toString(stride) + ", padding " + Arrays.toString(padding)
                    + ", output padding " + Arrays.toString(outputPadding) + " and dilation " + Arrays.toString(dilation)
                    + " gives an empty output " + ho + "x" + wo + " ((H-1)*s - 2p + d(k-1) + op + 1)");
        }
        return new long[]{ho, wo};
    }

    @Override
    public Tensor forward(Tensor x) {
        Windows.checkInput(TYPE, x, in);
        if (x.dtype() != dtype) {
            throw new IllegalArgumentException(TYPE + ": input dtype " + x.dtype() + " does not match the layer's " + dtype
                    + "; cast the input or build the layer with dtype " + x.dtype());
        }
        outputSize(x.size(2), x.size(3));
        Optional<ConvTranspose2dKernel> fused = Kernels.find(x.backend(), ConvTranspose2dKernel.class);
        if (fused.isPresent()) {
            return fused(fused.get(), x);
        }
        Tensor up = ConvOps.insertZeros(ConvOps.insertZeros(x, 2, stride[0]), 3, stride[1]);
        long ph = (long) dilation[0] * (kernel[0] - 1) - padding[0];
        long pw = (long) dilation[1] * (kernel[1] - 1) - padding[1];
        Tensor padded = ConvOps.padOrCrop(up, ph, ph + outputPadding[0], pw, pw + outputPadding[1]);
        Tensor w = ConvOps.flip(ConvOps.flip(weight, 2), 3).permute(1, 0, 2, 3);
        return ConvOps.conv2d(TYPE, padded, w, bias, ONE, ZERO, dilation, 1);
    }

    private Tensor fused(ConvTranspose2dKernel k, Tensor x) {
        NdArray y = k.forward(x.data(), weight.data(), bias == null ? null : bias.data(), stride, padding, outputPadding,
                dilation);
        Tensor[] inputs = bias != null ? new Tensor[]{x, weight, bias} : new Tensor[]{x, weight};
        return Tensor.fromOp(TYPE, y, g -> {
            boolean biasGrad = bias != null && bias.requiresGrad();
            return ConvOps.gradients(k.backward(x.data(), weight.data(), g.data(), stride, padding, outputPadding, dilation,
                    x.requiresGrad(), biasGrad), inputs);
        }, inputs);
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("in", in).with("out", out).with("kernel", kernel).with("stride", stride)
                .with("padding", padding).with("output_padding", outputPadding).with("dilation", dilation)
                .with("bias", hasBias).with("dtype", dtype.id()).with("seed", seed);
    }
}
