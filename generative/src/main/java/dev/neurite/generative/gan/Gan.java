package dev.neurite.generative.gan;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Registry;
import dev.neurite.api.nn.Sequential;
import dev.neurite.generative.Mlp;
import dev.neurite.generative.Unflatten;
import dev.neurite.layers.activation.LeakyReLU;
import dev.neurite.layers.activation.ReLU;
import dev.neurite.layers.activation.Sigmoid;
import dev.neurite.layers.conv.Conv2d;
import dev.neurite.layers.conv.ConvTranspose2d;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.core.Flatten;
import dev.neurite.layers.core.Seeds;
import dev.neurite.layers.norm.BatchNorm1d;
import dev.neurite.layers.norm.BatchNorm2d;

import java.util.function.Supplier;

/**
 * A generator {@code G: z -> x} and a discriminator {@code D: x -> logit} saved together; {@link #forward} maps latent
 * codes to samples. Both are ordinary layers (their specs are part of this config), so any pair works;
 * {@link #mlp} and {@link #dcgan} build the usual ones. Train with {@link GanTrainer}.
 */
public final class Gan extends AbstractLayer {
    public static final String TYPE = "gan";

    private final long latent;
    private final Layer generator;
    private final Layer discriminator;

    public Gan(long latent, Layer generator, Layer discriminator) {
        if (latent < 1) {
            throw new IllegalArgumentException(TYPE + ": latent size must be >= 1, got " + latent);
        }
        this.latent = latent;
        this.generator = addChild("generator", generator);
        this.discriminator = addChild("discriminator", discriminator);
    }

    public Gan(Config c) {
        this(c.getLong("latent"), Registry.global().layer(c.getConfig("generator")),
                Registry.global().layer(c.getConfig("discriminator")));
    }

    /**
     * MLPs with LeakyReLU(0.2): {@code latent -> hidden... -> dim} (linear output, for real-valued data; add a
     * sigmoid with {@code sigmoidOutput} for pixels in [0, 1]) and {@code dim -> hidden... -> 1}.
     */
    public static Gan mlp(long latent, long[] hidden, long dim, boolean sigmoidOutput, long seed) {
        Generator g = new Generator(seed);
        Supplier<LeakyReLU> act = () -> new LeakyReLU(0.2);
        Sequential gen = Mlp.of(Mlp.sizes(latent, hidden, dim), act, DType.FLOAT32, g);
        if (sigmoidOutput) {
            gen.add(new Sigmoid());
        }
        long[] reversed = new long[hidden.length];
        for (int i = 0; i < hidden.length; i++) {
            reversed[i] = hidden[hidden.length - 1 - i];
        }
        // Flatten first, so the discriminator reads images [N, 1, H, W] as well as the generator's flat vectors
        Sequential disc = new Sequential(new Flatten());
        Mlp.of(Mlp.sizes(dim, reversed, 1), act, DType.FLOAT32, g).layers().forEach(disc::add);
        return new Gan(latent, gen, disc);
    }

    /**
     * The DCGAN pair (Radford et al. 2016) for 28x28 grayscale images, {@code width} channels at the finest level:
     * G projects z to {@code 2w x 7 x 7}, then two stride-2 transposed convolutions (k4, p1) reach 14x14 and 28x28,
     * batch norm and ReLU between, sigmoid out; D mirrors it with stride-2 convolutions and LeakyReLU(0.2).
     */
    public static Gan dcgan(long latent, long width, long seed) {
        Generator g = new Generator(seed);
        long w2 = 2 * width;
        Sequential gen = new Sequential(
                new Dense(latent, w2 * 7 * 7, g), new BatchNorm1d(w2 * 7 * 7), new ReLU(), new Unflatten(w2, 7, 7),
                new ConvTranspose2d(w2, width, 4, 2, 1, 0, false, Seeds.next(g)), new BatchNorm2d(width), new ReLU(),
                new ConvTranspose2d(width, 1, 4, 2, 1, 0, true, Seeds.next(g)), new Sigmoid());
        Sequential disc = new Sequential(
                new Conv2d(1, width, 4, 2, 1, g), new LeakyReLU(0.2),
                new Conv2d(width, w2, 4, 2, 1, g), new BatchNorm2d(w2), new LeakyReLU(0.2),
                new Flatten(), new Dense(w2 * 7 * 7, 1, g));
        return new Gan(latent, gen, disc);
    }

    public long latentSize() {
        return latent;
    }

    public Layer generator() {
        return generator;
    }

    public Layer discriminator() {
        return discriminator;
    }

    /** Samples for latent codes {@code [N, latent]}. */
    @Override
    public Tensor forward(Tensor z) {
        if (z.rank() != 2 || z.size(1) != latent) {
            throw new IllegalArgumentException(TYPE + ": expected latent codes [N, " + latent + "], got shape " + z.shape());
        }
        return generator.forward(z);
    }

    /** {@code z ~ N(0, I)}, {@code [n, latent]}. */
    public Tensor noise(long n, Generator g) {
        return Tensor.random(Shape.of(n, latent), DType.FLOAT32, Distribution.NORMAL, 0, 1, g.nextSeed());
    }

    public Tensor sample(long n, Generator g) {
        return forward(noise(n, g));
    }

    /** The discriminator's logits {@code [N]}. */
    public Tensor discriminate(Tensor x) {
        Tensor l = discriminator.forward(x);
        return l.reshape(l.size(0));
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        Registry r = Registry.global();
        return Config.empty().with("latent", latent).with("generator", r.spec(generator))
                .with("discriminator", r.spec(discriminator));
    }
}
