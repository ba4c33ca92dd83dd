package dev.neurite.layers.attention;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Sequential;
import dev.neurite.layers.norm.LayerNorm;

import java.util.List;

/**
 * A stack of {@link TransformerDecoderLayer}s, PyTorch's {@code nn.TransformerDecoder} ({@code layers.i...}, and
 * {@code norm} when there is a final layer norm), plus {@link #decode incremental decoding} with a key-value cache.
 * Layer {@code i} is built with the prototype's seed plus {@code i}.
 */
public final class TransformerDecoder extends AbstractLayer {
    public static final String TYPE = "transformer_decoder";

    private final Config layerConfig;
    private final int numLayers;
    private final boolean hasNorm;
    private final boolean batchFirst;
    private final List<TransformerDecoderLayer> layers;
    private final LayerNorm norm;

    public TransformerDecoder(TransformerDecoderLayer prototype, int numLayers, boolean finalNorm) {
        this(prototype.config(), numLayers, finalNorm);
    }

    private TransformerDecoder(Config layerConfig, int numLayers, boolean finalNorm) {
        this.layerConfig = layerConfig;
        this.numLayers = numLayers;
        this.hasNorm = finalNorm;
        this.layers = TransformerStack.layers(TYPE, layerConfig, numLayers, TransformerDecoderLayer::new);
        addChild("layers", new Sequential(this.layers));
        this.batchFirst = layers.get(0).batchFirst();
        this.norm = finalNorm ? addChild("norm", TransformerStack.finalNorm(TYPE, layerConfig)) : null;
    }

    public TransformerDecoder(Config config) {
        this(config.getConfig("layer"), config.getInt("num_layers"), config.getBoolean("norm", false));
    }

    public List<TransformerDecoderLayer> layers() {
        return List.copyOf(layers);
    }

    public int numLayers() {
        return numLayers;
    }

    @Override
    public Tensor forward(Tensor tgt) {
        throw new IllegalArgumentException(TYPE + ": expected 2 inputs (tgt, memory), got 1");
    }

    @Override
    public Tensor forward(List<Tensor> inputs) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException(TYPE + ": expected 2 inputs (tgt, memory), got " + inputs.size());
        }
        return forward(inputs.get(0), inputs.get(1), null, null, null, null);
    }

    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
                          Tensor memoryKeyPaddingMask) {
        Tensor x = tgt;
        for (TransformerDecoderLayer layer : layers) {
            x = layer.forward(x, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask);
        }
        return norm == null ? x : norm.forward(x);
    }

    /**
     * Decodes the new target positions {@code tgt} (typically one) causally after those already in {@code cache},
     * whose keys and values are reused rather than recomputed; the result equals the matching positions of a full
     * causal {@link #forward}. The cache is updated with the new positions.
     */
    public Tensor decode(Tensor tgt, Tensor memory, Tensor memoryKeyPaddingMask, DecoderCache cache) {
        if (cache.layers() != numLayers) {
            throw new IllegalArgumentException(TYPE + ": the cache has " + cache.layers() + " layers, the decoder " + numLayers);
        }
        long steps = tgt.size(tgt.rank() == 2 ? 0 : batchFirst ? 1 : 0);
        long before = cache.length();
        Tensor mask = steps == 1 ? null : AttentionMasks.causal(steps, before + steps, before);
        Tensor x = tgt;
        for (int i = 0; i < numLayers; i++) {
            x = layers.get(i).forward(x, memory, mask, null, null, memoryKeyPaddingMask, cache.selfAttention(i), cache.crossAttention(i));
        }
        return norm == null ? x : norm.forward(x);
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return TransformerStack.config(layerConfig, numLayers, hasNorm);
    }
}
