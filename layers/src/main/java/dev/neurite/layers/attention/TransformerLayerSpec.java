package dev.neurite.layers.attention;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.core.Dropout;
import dev.neurite.layers.core.Seeds;
import dev.neurite.layers.init.Initializers;
import dev.neurite.layers.norm.LayerNorm;

/**
 * The hyper-parameters PyTorch's {@code TransformerEncoderLayer} and {@code TransformerDecoderLayer} share, under
 * PyTorch's argument names as config keys, and the sub-layers both build from them. Sub-layers draw their seeds
 * from the generator in the order the caller builds them, so each layer keeps its own, fixed order.
 */
record TransformerLayerSpec(long dModel, int nhead, long dimFeedforward, double dropout, FeedForwardActivation activation,
                            double layerNormEps, boolean batchFirst, boolean normFirst, DType dtype, long seed) {

    static TransformerLayerSpec of(String type, long dModel, int nhead, long dimFeedforward, double dropout,
                                   String activation, double layerNormEps, boolean batchFirst, boolean normFirst,
                                   DType dtype, long seed) {
        if (dimFeedforward < 1) {
            throw new IllegalArgumentException(type + ": dim_feedforward must be >= 1, got " + dimFeedforward);
        }
        return new TransformerLayerSpec(dModel, nhead, dimFeedforward, dropout, FeedForwardActivation.parse(type, activation),
                layerNormEps, batchFirst, normFirst, dtype, seed);
    }

    static TransformerLayerSpec of(String type, Config c) {
        return of(type, c.getLong("d_model"), c.getInt("nhead"), c.getInt("dim_feedforward", 2048), c.getDouble("dropout", 0.1),
                c.getString("activation", "relu"), c.getDouble("layer_norm_eps", 1e-5), c.getBoolean("batch_first", false),
                c.getBoolean("norm_first", false), DType.fromId(c.getString("dtype", DType.FLOAT32.id())), c.getLong("seed"));
    }

    Config config() {
        return Config.empty().with("d_model", dModel).with("nhead", nhead).with("dim_feedforward", dimFeedforward)
                .with("dropout", dropout).with("activation", activation.id()).with("layer_norm_eps", layerNormEps)
                .with("batch_first", batchFirst).with("norm_first", normFirst).with("dtype", dtype.id()).with("seed", seed);
    }

    MultiHeadAttention attention(Generator g) {
        return new MultiHeadAttention(dModel, nhead, dropout, true, batchFirst, dtype, Seeds.next(g));
    }

    /** {@code linear1 [dim_feedforward, d_model]}: PyTorch's default initialisation, as nn.Linear has. */
    Dense expand(Generator g) {
        return dense(dModel, dimFeedforward, g);
    }

    /** {@code linear2 [d_model, dim_feedforward]}. */
    Dense project(Generator g) {
        return dense(dimFeedforward, dModel, g);
    }

    Dropout dropout(Generator g) {
        return new Dropout(dropout, Seeds.next(g));
    }

    LayerNorm norm() {
        return new LayerNorm(new long[]{dModel}, layerNormEps, true, dtype);
    }

    /** {@code linear2(dropout(activation(linear1(x))))}, the block both layers end with. */
    Tensor feedForward(Dense linear1, Dropout inner, Dense linear2, Tensor x) {
        return linear2.forward(inner.forward(activation.apply(linear1.forward(x))));
    }

    private Dense dense(long in, long out, Generator g) {
        return new Dense(in, out, true, Initializers.pytorchDefault(), Initializers.pytorchDefault(), dtype, Seeds.next(g));
    }
}
