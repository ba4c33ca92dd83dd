package dev.neurite.generative.diffusion;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Concat;
import dev.neurite.api.nn.Config;
import dev.neurite.layers.conv.Conv2d;
import dev.neurite.layers.conv.Upsample;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.core.Seeds;
import dev.neurite.layers.init.Initializers;

import java.util.List;

/**
 * A small U-Net noise predictor for images {@code [N, C, H, W]} (H and W divisible by 4), after Ronneberger et al.
 * and the DDPM denoiser reduced to its skeleton: a 3x3 convolution to {@code w} channels at full size, two
 * stride-2 convolutions down to {@code 2w} channels at a quarter of the size, a middle convolution, then two
 * nearest-neighbour upsamplings, each concatenated with the encoder's features of that size (the skip connections)
 * and convolved, and a 1x1 convolution back to {@code C} channels. The step's sinusoidal embedding goes through a
 * Dense layer with SiLU and is projected and added, per channel, to every block's features.
 */
public final class UNetDenoiser extends AbstractLayer {
    public static final String TYPE = "unet_denoiser";

    private final long channels;
    private final long width;
    private final int embed;
    private final DType dtype;
    private final long seed;
    private final Dense timeMlp;
    private final Conv2d in;
    private final Conv2d down1;
    private final Conv2d down2;
    private final Conv2d mid;
    private final Conv2d up1;
    private final Conv2d up0;
    private final Conv2d out;
    private final Dense[] timeProjections = new Dense[5];
    private final Upsample upsample = new Upsample(2);
    private final Concat concat = new Concat(1);

    public UNetDenoiser(long channels, long width, int embed, DType dtype, long seed) {
        if (channels < 1 || width < 1) {
            throw new IllegalArgumentException(TYPE + ": channels and width must be >= 1, got " + channels + " and " + width);
        }
        this.channels = channels;
        this.width = width;
        this.embed = embed;
        this.dtype = dtype;
        this.seed = seed;
        Generator g = new Generator(seed);
        long w2 = 2 * width;
        this.timeMlp = addChild("time", dense(embed, embed, g));
        this.in = addChild("in", conv(channels, width, 3, 1, g));
        this.down1 = addChild("down1", conv(width, w2, 3, 2, g));
        this.down2 = addChild("down2", conv(w2, w2, 3, 2, g));
        this.mid = addChild("mid", conv(w2, w2, 3, 1, g));
        this.up1 = addChild("up1", conv(w2 + w2, w2, 3, 1, g));
        this.up0 = addChild("up0", conv(w2 + width, width, 3, 1, g));
        this.out = addChild("out", conv(width, channels, 1, 1, g));
        long[] sizes = {width, w2, w2, w2, width};
        for (int i = 0; i < sizes.length; i++) {
            timeProjections[i] = addChild("time" + i, dense(embed, sizes[i], g));
        }
    }

    public UNetDenoiser(long channels, long width, long seed) {
        this(channels, width, 32, DType.FLOAT32, seed);
    }

    public UNetDenoiser(Config c) {
        this(c.getLong("channels"), c.getLong("width"), c.getInt("embed"),
                DType.fromId(c.getString("dtype", DType.FLOAT32.id())), c.getLong("seed"));
    }

    private Dense dense(long inSize, long outSize, Generator g) {
        return new Dense(inSize, outSize, true, Initializers.pytorchDefault(), Initializers.pytorchDefault(), dtype, Seeds.next(g));
    }

    private Conv2d conv(long inC, long outC, int kernel, int stride, Generator g) {
        int pad = kernel / 2;
        return new Conv2d(inC, outC, new int[]{kernel, kernel}, new int[]{stride, stride}, new int[]{pad, pad},
                new int[]{1, 1}, 1, true, dtype, Seeds.next(g));
    }

    @Override
    public Tensor forward(Tensor input) {
        throw new IllegalArgumentException(TYPE + ": expected 2 inputs [x_t, t], got 1");
    }

    @Override
    public Tensor forward(List<Tensor> inputs) {
        Denoisers.checkInputs(TYPE, inputs, 4);
        Tensor x = inputs.get(0);
        if (x.size(1) != channels || x.size(2) % 4 != 0 || x.size(3) % 4 != 0) {
            throw new IllegalArgumentException(TYPE + ": expected images [N, " + channels + ", H, W] with H and W divisible by 4, "
                    + "got " + x.shape());
        }
        Tensor e = Denoisers.silu(timeMlp.forward(TimeEmbedding.sinusoidal(Denoisers.steps(inputs.get(1), x), embed)));
        Tensor h0 = block(in.forward(x), e, 0);
        Tensor h1 = block(down1.forward(h0), e, 1);
        Tensor h2 = block(down2.forward(h1), e, 2);
        Tensor m = block(mid.forward(h2), e, 3);
        Tensor u1 = Denoisers.silu(up1.forward(concat.forward(List.of(upsample.forward(m), h1))));
        Tensor u0 = block(up0.forward(concat.forward(List.of(upsample.forward(u1), h0))), e, 4);
        return out.forward(u0);
    }

    /** SiLU of the features plus the step's per-channel projection. */
    private Tensor block(Tensor features, Tensor e, int i) {
        Tensor bias = timeProjections[i].forward(e);
        return Denoisers.silu(features.add(bias.reshape(bias.size(0), bias.size(1), 1, 1)));
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("channels", channels).with("width", width).with("embed", embed)
                .with("dtype", dtype.id()).with("seed", seed);
    }
}
