package dev.neurite.layers.attention;

import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Layer;
import dev.neurite.layers.norm.LayerNorm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How {@link TransformerEncoder} and {@link TransformerDecoder} build their stacks: copies of one layer's config,
 * layer {@code i} with the prototype's seed plus {@code i}, and optionally a final layer norm over {@code d_model}.
 */
final class TransformerStack {
    private TransformerStack() {
    }

    static <L extends Layer> List<L> layers(String type, Config layerConfig, int numLayers, Function<Config, L> build) {
        if (numLayers < 1) {
            throw new IllegalArgumentException(type + ": num_layers must be >= 1, got " + numLayers);
        }
        long seed = layerConfig.getLong("seed");
        List<L> layers = new ArrayList<>();
        for (int i = 0; i < numLayers; i++) {
            layers.add(build.apply(Config.of(layerConfig.asMap()).with("seed", seed + i)));
        }
        return layers;
    }

    static LayerNorm finalNorm(String type, Config layerConfig) {
        return TransformerLayerSpec.of(type, layerConfig).norm();
    }

    static Config config(Config layerConfig, int numLayers, boolean norm) {
        return Config.empty().with("layer", Config.of(layerConfig.asMap())).with("num_layers", numLayers).with("norm", norm);
    }
}
