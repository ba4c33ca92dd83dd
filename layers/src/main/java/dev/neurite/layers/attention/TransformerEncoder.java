package dev.neurite.layers.attention;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Sequential;
import dev.neurite.layers.norm.LayerNorm;

import java.util.ArrayList;
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
    private final List<TransformerEncoderLayer> layers = new ArrayList<>();
    private final LayerNorm norm;

    /** @param finalNorm whether a layer norm follows the last layer (as {@code nn.Transformer}'s encoder has) */
    public TransformerEncoder(TransformerEncoderLayer prototype, int numLayers, boolean finalNorm) {
        this(prototype.config(), numLayers, finalNorm);
    }

    private TransformerEncoder(Config layerConfig, int numLayers, boolean finalNorm) {
        if (numLayers < 1) {
            throw new IllegalArgumentException(TYPE + ": num_layers must be >= 1, got " + numLayers);
        }
        this.layerConfig = layerConfig;
        this.numLayers = numLayers;
        this.hasNorm = finalNorm;
        List<Layer> list = new ArrayList<>();
        long seed = layerConfig.getLong("seed");
        for (int i = 0; i < numLayers; i++) {
            TransformerEncoderLayer layer = new TransformerEncoderLayer(Config.of(layerConfig.asMap()).with("seed", seed + i));
            layers.add(layer);
            list.add(layer);
        }
        addChild("layers", new Sequential(list));
        TransformerEncoderLayer first = layers.get(0);
        this.norm = finalNorm ? addChild("norm", new LayerNorm(new long[]{first.dModel()}, layerConfig.getDouble("layer_norm_eps", 1e-5),
                true, DType.fromId(layerConfig.getString("dtype", DType.FLOAT32.id())))) : null;
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
        return Config.empty().with("layer", Config.of(layerConfig.asMap())).with("num_layers", numLayers).with("norm", hasNorm);
    }
}
