package dev.neurite.layers.conv;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Layer;
import dev.neurite.layers.norm.BatchNorm2d;

/**
 * The basic ResNet block (He et al. 2015, torchvision's {@code BasicBlock}):
 * {@code relu(bn2(conv3x3(relu(bn1(conv3x3_s(x))))) + shortcut(x))}. The first 3x3 convolution has stride s and maps
 * {@code in} to {@code out} channels, the second keeps the size; the shortcut is the identity when the shape is
 * unchanged and a 1x1 convolution with stride s (followed by batch norm) otherwise.
 *
 * <p>With {@code batchNorm} (the default) the convolutions have no bias, as in torchvision; without it the block is
 * {@code relu(conv3x3(relu(conv3x3_s(x))) + shortcut(x))} with biased 3x3 convolutions (the 1x1 projection stays
 * bias-free). Children: {@code conv1}, {@code bn1}, {@code conv2}, {@code bn2} and, when projecting,
 * {@code shortcut} and {@code shortcut_bn}; the convolutions' seeds derive from the block's seed.
 */
public final class ResidualBlock extends AbstractLayer {
    public static final String TYPE = "residual_block";

    private final long in;
    private final long out;
    private final int stride;
    private final boolean batchNorm;
    private final DType dtype;
    private final long seed;
    private final Conv2d conv1;
    private final Layer bn1;
    private final Conv2d conv2;
    private final Layer bn2;
    private final Conv2d shortcut;
    private final Layer shortcutBn;

    /** A block with batch norm that keeps the channel count (stride 1) or also halves the size (stride 2). */
    public ResidualBlock(long channels, int stride, long seed) {
        this(channels, channels, stride, true, DType.FLOAT32, seed);
    }

    public ResidualBlock(long in, long out, int stride, long seed) {
        this(in, out, stride, true, DType.FLOAT32, seed);
    }

    public ResidualBlock(long in, long out, int stride, boolean batchNorm, DType dtype, long seed) {
        if (in < 1 || out < 1 || stride < 1) {
            throw new IllegalArgumentException(TYPE + ": need in, out, stride >= 1, got in=" + in + ", out=" + out
                    + ", stride=" + stride);
        }
        this.in = in;
        this.out = out;
        this.stride = stride;
        this.batchNorm = batchNorm;
        this.dtype = dtype;
        this.seed = seed;
        Generator seeds = new Generator(seed);
        int[] one = {1, 1};
        int[] three = {3, 3};
        int[] strides = {stride, stride};
        boolean bias = !batchNorm;
        this.conv1 = addChild("conv1", new Conv2d(in, out, three, strides, one, one, 1, bias, dtype, seeds.nextSeed() >>> 11));
        this.bn1 = batchNorm ? addChild("bn1", norm(out, dtype)) : null;
        this.conv2 = addChild("conv2", new Conv2d(out, out, three, one, one, one, 1, bias, dtype, seeds.nextSeed() >>> 11));
        this.bn2 = batchNorm ? addChild("bn2", norm(out, dtype)) : null;
        long shortcutSeed = seeds.nextSeed() >>> 11;
        boolean project = stride != 1 || in != out;
        this.shortcut = project
                ? addChild("shortcut", new Conv2d(in, out, one, strides, new int[]{0, 0}, one, 1, false, dtype, shortcutSeed))
                : null;
        this.shortcutBn = project && batchNorm ? addChild("shortcut_bn", norm(out, dtype)) : null;
    }

    public ResidualBlock(Config config) {
        this(config.getLong("in"), config.getLong("out"), config.getInt("stride", 1),
                config.getBoolean("batch_norm", true), DType.fromId(config.getString("dtype", DType.FLOAT32.id())),
                config.getLong("seed"));
    }

    private static Layer norm(long channels, DType dtype) {
        return new BatchNorm2d(channels, 1e-5, 0.1, true, dtype);
    }

    /** Whether the shortcut is a 1x1 projection rather than the identity. */
    public boolean projects() {
        return shortcut != null;
    }

    @Override
    public Tensor forward(Tensor x) {
        Windows.checkInput(TYPE, x, in);
        Tensor h = conv1.forward(x);
        h = (bn1 == null ? h : bn1.forward(h)).relu();
        h = conv2.forward(h);
        h = bn2 == null ? h : bn2.forward(h);
        Tensor skip = x;
        if (shortcut != null) {
            skip = shortcut.forward(x);
            skip = shortcutBn == null ? skip : shortcutBn.forward(skip);
        }
        return h.add(skip).relu();
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("in", in).with("out", out).with("stride", stride).with("batch_norm", batchNorm)
                .with("dtype", dtype.id()).with("seed", seed);
    }
}
