package dev.neurite.generative.vae;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Sequential;
import dev.neurite.generative.Mlp;
import dev.neurite.layers.activation.ReLU;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.core.Seeds;
import dev.neurite.layers.init.Initializers;

import java.util.Arrays;

/**
 * A variational autoencoder with MLP encoder and decoder: the encoder maps {@code x} to the mean and log-variance of
 * a diagonal Gaussian {@code q(z|x)}; {@code z = mu + exp(logVar / 2) * eps} with {@code eps ~ N(0, I)} (the
 * reparameterisation trick, so gradients reach the encoder through the sample); the decoder maps {@code z} back to
 * {@code x} (logits for the {@link VaeLoss.Reconstruction#BCE BCE} likelihood). {@link #forward} is the decoder at
 * the mean, a deterministic reconstruction's raw output; {@link #loss} is the negative ELBO.
 */
public final class Vae extends AbstractLayer {
    public static final String TYPE = "vae";

    /** The encoder's output. */
    public record Encoding(Tensor mu, Tensor logVar) {
    }

    /** The negative ELBO and its two terms, each per example averaged over the batch. */
    public record Terms(Tensor loss, Tensor reconstruction, Tensor kl) {
    }

    private final long input;
    private final long[] hidden;
    private final long latent;
    private final VaeLoss.Reconstruction likelihood;
    private final DType dtype;
    private final long seed;
    private final Sequential encoder;
    private final Dense mu;
    private final Dense logVar;
    private final Sequential decoder;

    public Vae(long input, long[] hidden, long latent, VaeLoss.Reconstruction likelihood, DType dtype, long seed) {
        if (input < 1 || latent < 1 || hidden.length == 0 || Arrays.stream(hidden).anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException(TYPE + ": expected positive input, latent and at least one hidden size, got input="
                    + input + ", hidden=" + Arrays.toString(hidden) + ", latent=" + latent);
        }
        this.input = input;
        this.hidden = hidden.clone();
        this.latent = latent;
        this.likelihood = likelihood;
        this.dtype = dtype;
        this.seed = seed;
        Generator g = new Generator(seed);
        long[] encoderSizes = Mlp.sizes(input, Arrays.copyOf(hidden, hidden.length - 1), hidden[hidden.length - 1]);
        this.encoder = addChild("encoder", Mlp.of(encoderSizes, ReLU::new, dtype, g).add(new ReLU()));
        long top = hidden[hidden.length - 1];
        this.mu = addChild("mu", dense(top, latent, g));
        this.logVar = addChild("log_var", dense(top, latent, g));
        long[] reversed = new long[hidden.length];
        for (int i = 0; i < hidden.length; i++) {
            reversed[i] = hidden[hidden.length - 1 - i];
        }
        this.decoder = addChild("decoder", Mlp.of(Mlp.sizes(latent, reversed, input), ReLU::new, dtype, g));
    }

    public Vae(long input, long[] hidden, long latent, long seed) {
        this(input, hidden, latent, VaeLoss.Reconstruction.BCE, DType.FLOAT32, seed);
    }

    public Vae(Config c) {
        this(c.getLong("input"), c.getLongArray("hidden"), c.getLong("latent"),
                VaeLoss.Reconstruction.fromId(c.getString("likelihood", "bce")),
                DType.fromId(c.getString("dtype", DType.FLOAT32.id())), c.getLong("seed"));
    }

    private Dense dense(long in, long out, Generator g) {
        return new Dense(in, out, true, Initializers.pytorchDefault(), Initializers.pytorchDefault(), dtype, Seeds.next(g));
    }

    public long latentSize() {
        return latent;
    }

    public VaeLoss.Reconstruction likelihood() {
        return likelihood;
    }

    public Encoding encode(Tensor x) {
        Tensor h = encoder.forward(flat(x));
        return new Encoding(mu.forward(h), logVar.forward(h));
    }

    /** {@code mu + exp(logVar / 2) * eps}. */
    public static Tensor reparameterize(Tensor mu, Tensor logVar, Tensor eps) {
        if (!mu.shape().equals(eps.shape())) {
            throw new IllegalArgumentException("vae reparameterize: expected noise of shape " + mu.shape() + ", got " + eps.shape());
        }
        return mu.add(logVar.mul(0.5).exp().mul(eps));
    }

    /** The decoder's raw output {@code [N, input]} (logits for BCE) for latent codes {@code [N, latent]}. */
    public Tensor decode(Tensor z) {
        if (z.rank() != 2 || z.size(1) != latent) {
            throw new IllegalArgumentException(TYPE + " decode: expected latent codes [N, " + latent + "], got shape " + z.shape());
        }
        return decoder.forward(z);
    }

    @Override
    public Tensor forward(Tensor x) {
        return decode(encode(x).mu());
    }

    /** The negative ELBO of {@code x} with the reparameterisation noise {@code eps} {@code [N, latent]} given. */
    public Terms loss(Tensor x, Tensor eps) {
        Encoding e = encode(x);
        Tensor decoded = decode(reparameterize(e.mu(), e.logVar(), eps));
        Tensor rec = VaeLoss.reconstruction(decoded, flat(x), likelihood);
        Tensor kl = VaeLoss.kl(e.mu(), e.logVar());
        return new Terms(rec.add(kl), rec, kl);
    }

    /** The negative ELBO of {@code x} with fresh noise from {@code generator}. */
    public Terms loss(Tensor x, Generator generator) {
        return loss(x, noise(x.size(0), generator));
    }

    /** {@code n} samples from the model: the decoder's mean output for {@code z ~ N(0, I)}, as flat vectors. */
    public Tensor sample(int n, Generator generator) {
        return output(decode(noise(n, generator)));
    }

    /** The decoder's mean output at the posterior mean of {@code x}, in {@code x}'s shape. */
    public Tensor reconstruct(Tensor x) {
        return output(forward(x)).reshape(x.shape());
    }

    private Tensor output(Tensor decoded) {
        return likelihood == VaeLoss.Reconstruction.BCE ? decoded.sigmoid() : decoded;
    }

    private Tensor noise(long n, Generator generator) {
        return Tensor.random(Shape.of(n, latent), dtype, Distribution.NORMAL, 0, 1, generator.nextSeed());
    }

    Tensor flat(Tensor x) {
        if (x.rank() < 2 || x.numel() / x.size(0) != input) {
            throw new IllegalArgumentException(TYPE + ": expected input [N, ...] with " + input + " values per example, got shape "
                    + x.shape());
        }
        return x.rank() == 2 ? x : x.reshape(x.size(0), input);
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("input", input).with("hidden", hidden).with("latent", latent)
                .with("likelihood", likelihood.id()).with("dtype", dtype.id()).with("seed", seed);
    }
}
