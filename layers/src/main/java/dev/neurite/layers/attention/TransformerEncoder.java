package dev.neurite.layers.attention;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Sequential;
import dev.neurite.layers.norm.LayerNorm;

import java.util.List;

/**
 * A stack of {@link TransformerEncoderLayer}s, PyTorch's {@code nn.TransformerEncoder}: parameters
 * {@code layers.0.self_attn.in_proj_weight}, ..., and {@code norm.weight}/{@code norm.bias} when there is a final
 * layer norm. The layers are copies of a prototype's configuration; layer {@code i} is built with the prototype's
 * seed plus {@code i} (PyTorch deep-copies the prototype, so its layers start equal; here they start different).
 */
public final class TransformerEncoder extends AbstractLayer {
    public static final String TYPE = "transformer_encoder";

    private final Config layerConfig;
    private final int numLayers;
    private final boolean hasNorm;
    private final List<TransformerEncoderLayer> layers;
    private final LayerNorm norm;

    /** @param finalNorm whether a layer norm follows the last layer (as {@code nn.Transformer}'s encoder has) */
    public TransformerEncoder(TransformerEncoderLayer prototype, int numLayers, boolean finalNorm) {
        this(prototype.config(), numLayers, finalNorm);
    }

    private TransformerEncoder(Config layerConfig, int numLayers, boolean finalNorm) {
        this.layerConfig = layerConfig;
        this.numLayers = numLayers;
        this.hasNorm = finalNorm;
        this.layers = TransformerStack.layers(TYPE, layerConfig, numLayers, TransformerEncoderLayer::new);
        addChild("layers", new Sequential(this.layers));
        this.norm = finalNorm ? addChild("norm", TransformerStack.finalNorm(TYPE, layerConfig)) : null;
    }

    public TransformerEncoder(Config config) {
        this(config.getConfig("layer"), config.getInt("num_layers"), config.getBoolean("norm", false));
    }

    public List<TransformerEncoderLayer> layers() {
        return List.copyOf(layers);
    }

    @Override
    public Tensor forward(Tensor src) {
        return forward(src, null, null);
    }

    public Tensor forward(Tensor src, Tensor mask, Tensor srcKeyPaddingMask) {
        Tensor x = src;
        for (TransformerEncoderLayer layer : layers) {
            x = layer.forward(x, mask, srcKeyPaddingMask);
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
