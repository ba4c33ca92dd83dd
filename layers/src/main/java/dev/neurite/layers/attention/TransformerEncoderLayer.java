package dev.neurite.layers.attention;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.core.Dropout;
import dev.neurite.layers.core.Seeds;
import dev.neurite.layers.norm.LayerNorm;

/**
 * PyTorch's {@code nn.TransformerEncoderLayer}: self-attention and a feed-forward block, each with a residual
 * connection and layer norm, after the block (post-norm, the default) or before it ({@code norm_first}, pre-norm).
 * Children have PyTorch's names, so parameters map one to one: {@code self_attn} ({@link MultiHeadAttention}),
 * {@code linear1 [dim_feedforward, d_model]}, {@code linear2 [d_model, dim_feedforward]}, {@code norm1},
 * {@code norm2}, and the parameter-free {@code dropout}, {@code dropout1}, {@code dropout2}.
 */
public final class TransformerEncoderLayer extends AbstractLayer {
    public static final String TYPE = "transformer_encoder_layer";

    private final long dModel;
    private final int nhead;
    private final long dimFeedforward;
    private final double dropoutP;
    private final FeedForwardActivation activation;
    private final double layerNormEps;
    private final boolean batchFirst;
    private final boolean normFirst;
    private final DType dtype;
    private final long seed;
    private final MultiHeadAttention selfAttn;
    private final Dense linear1;
    private final Dense linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final Dropout dropout;
    private final Dropout dropout1;
    private final Dropout dropout2;

    /** PyTorch's defaults: dim_feedforward 2048, dropout 0.1, relu, eps 1e-5, time-major, post-norm. */
    public TransformerEncoderLayer(long dModel, int nhead, Generator generator) {
        this(dModel, nhead, 2048, 0.1, "relu", 1e-5, false, false, DType.FLOAT32, Seeds.next(generator));
    }

    public TransformerEncoderLayer(long dModel, int nhead, long dimFeedforward, double dropout, String activation, double layerNormEps,
                                   boolean batchFirst, boolean normFirst, DType dtype, long seed) {
        if (dimFeedforward < 1) {
            throw new IllegalArgumentException(TYPE + ": dim_feedforward must be >= 1, got " + dimFeedforward);
        }
        this.dModel = dModel;
        this.nhead = nhead;
        this.dimFeedforward = dimFeedforward;
        this.dropoutP = dropout;
        this.activation = FeedForwardActivation.parse(TYPE, activation);
        this.layerNormEps = layerNormEps;
        this.batchFirst = batchFirst;
        this.normFirst = normFirst;
        this.dtype = dtype;
        this.seed = seed;
        Generator g = new Generator(seed);
        this.selfAttn = addChild("self_attn", new MultiHeadAttention(dModel, nhead, dropout, true, batchFirst, dtype, Seeds.next(g)));
        this.linear1 = addChild("linear1", dense(dModel, dimFeedforward, dtype, g));
        this.dropout = addChild("dropout", new Dropout(dropout, Seeds.next(g)));
        this.linear2 = addChild("linear2", dense(dimFeedforward, dModel, dtype, g));
        this.norm1 = addChild("norm1", new LayerNorm(new long[]{dModel}, layerNormEps, true, dtype));
        this.norm2 = addChild("norm2", new LayerNorm(new long[]{dModel}, layerNormEps, true, dtype));
        this.dropout1 = addChild("dropout1", new Dropout(dropout, Seeds.next(g)));
        this.dropout2 = addChild("dropout2", new Dropout(dropout, Seeds.next(g)));
    }

    public TransformerEncoderLayer(Config config) {
        this(config.getLong("d_model"), config.getInt("nhead"), config.getInt("dim_feedforward", 2048), config.getDouble("dropout", 0.1),
                config.getString("activation", "relu"), config.getDouble("layer_norm_eps", 1e-5), config.getBoolean("batch_first", false),
                config.getBoolean("norm_first", false), DType.fromId(config.getString("dtype", DType.FLOAT32.id())), config.getLong("seed"));
    }

    static Dense dense(long in, long out, DType dtype, Generator g) {
        return new Dense(in, out, true, dev.neurite.layers.init.Initializers.pytorchDefault(),
                dev.neurite.layers.init.Initializers.pytorchDefault(), dtype, Seeds.next(g));
    }

    public long dModel() {
        return dModel;
    }

    public boolean batchFirst() {
        return batchFirst;
    }

    public boolean normFirst() {
        return normFirst;
    }

    public MultiHeadAttention selfAttn() {
        return selfAttn;
    }

    @Override
    public Tensor forward(Tensor src) {
        return forward(src, null, null);
    }

    /**
     * @param srcMask           {@code [seq, seq]} (or per batch and head) attention mask, or null
     * @param srcKeyPaddingMask {@code [batch, seq]}, or null
     */
    public Tensor forward(Tensor src, Tensor srcMask, Tensor srcKeyPaddingMask) {
        Tensor x = src;
        if (normFirst) {
            x = x.add(selfAttention(norm1.forward(x), srcMask, srcKeyPaddingMask));
            return x.add(feedForward(norm2.forward(x)));
        }
        x = norm1.forward(x.add(selfAttention(x, srcMask, srcKeyPaddingMask)));
        return norm2.forward(x.add(feedForward(x)));
    }

    private Tensor selfAttention(Tensor x, Tensor mask, Tensor keyPaddingMask) {
        return dropout1.forward(selfAttn.attend(x, x, x, keyPaddingMask, mask, false).output());
    }

    private Tensor feedForward(Tensor x) {
        return dropout2.forward(linear2.forward(dropout.forward(activation.apply(linear1.forward(x)))));
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("d_model", dModel).with("nhead", nhead).with("dim_feedforward", dimFeedforward)
                .with("dropout", dropoutP).with("activation", activation.id()).with("layer_norm_eps", layerNormEps)
                .with("batch_first", batchFirst).with("norm_first", normFirst).with("dtype", dtype.id()).with("seed", seed);
    }
}
