package dev.neurite.generative.autoencoder;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Sequential;
import dev.neurite.generative.Mlp;
import dev.neurite.layers.activation.ReLU;

import java.util.Arrays;

/**
 * A multilayer autoencoder: an encoder {@code sizes[0] -> ... -> sizes[last]} (the code) and a decoder that mirrors
 * it back to {@code sizes[0]}, ReLU between the layers. {@link #forward} returns the reconstruction's logits, so it
 * trains with {@code BinaryCrossEntropyWithLogits} against inputs in [0, 1]; {@link #reconstruct} gives the
 * pixels. Inputs of any shape {@code [N, ...]} with {@code sizes[0]} values per example are flattened.
 * {@link #curriculum} builds the 784-500-300-500-784 network; train it on corrupted inputs against the clean ones
 * ({@link Corruption}, {@link AutoencoderTrainer}) and it becomes a denoising autoencoder.
 */
public final class Autoencoder extends AbstractLayer {
    public static final String TYPE = "autoencoder";

    private final long[] sizes;
    private final DType dtype;
    private final long seed;
    private final Sequential encoder;
    private final Sequential decoder;

    /** {@code sizes}: input, hidden sizes, code size, e.g. {@code {784, 500, 300}}. */
    public Autoencoder(long[] sizes, DType dtype, long seed) {
        if (sizes.length < 2 || Arrays.stream(sizes).anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException(TYPE + ": expected at least 2 positive sizes (input ... code), got "
                    + Arrays.toString(sizes));
        }
        this.sizes = sizes.clone();
        this.dtype = dtype;
        this.seed = seed;
        Generator g = new Generator(seed);
        long[] reversed = new long[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            reversed[i] = sizes[sizes.length - 1 - i];
        }
        // ReLU on the code as well: the decoder reads a non-negative code, as in the classic stacked autoencoders.
        this.encoder = addChild("encoder", Mlp.of(sizes, ReLU::new, dtype, g).add(new ReLU()));
        this.decoder = addChild("decoder", Mlp.of(reversed, ReLU::new, dtype, g));
    }

    public Autoencoder(long[] sizes, long seed) {
        this(sizes, DType.FLOAT32, seed);
    }

    public Autoencoder(Config config) {
        this(config.getLongArray("sizes"), DType.fromId(config.getString("dtype", DType.FLOAT32.id())), config.getLong("seed"));
    }

    /** The curriculum's 784-500-300-500-784 autoencoder for 28x28 images. */
    public static Autoencoder curriculum(long seed) {
        return new Autoencoder(new long[]{784, 500, 300}, seed);
    }

    public long inputSize() {
        return sizes[0];
    }

    public long codeSize() {
        return sizes[sizes.length - 1];
    }

    /** The code {@code [N, codeSize]} of the inputs. */
    public Tensor encode(Tensor x) {
        return encoder.forward(flat(x));
    }

    /** The reconstruction's logits {@code [N, inputSize]} of codes. */
    public Tensor decode(Tensor code) {
        return decoder.forward(code);
    }

    @Override
    public Tensor forward(Tensor x) {
        return decode(encode(x));
    }

    /** The reconstructed pixels, in [0, 1], in the input's shape. */
    public Tensor reconstruct(Tensor x) {
        return forward(x).sigmoid().reshape(x.shape());
    }

    Tensor flat(Tensor x) {
        if (x.rank() < 2 || x.numel() / x.size(0) != sizes[0]) {
            throw new IllegalArgumentException(TYPE + ": expected input [N, ...] with " + sizes[0]
                    + " values per example, got shape " + x.shape());
        }
        return x.rank() == 2 ? x : x.reshape(x.size(0), sizes[0]);
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("sizes", sizes).with("dtype", dtype.id()).with("seed", seed);
    }
}
