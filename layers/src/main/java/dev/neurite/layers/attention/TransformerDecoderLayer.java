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

import java.util.List;

/**
 * PyTorch's {@code nn.TransformerDecoderLayer}: self-attention over the target, cross-attention over the encoder's
 * memory and a feed-forward block, each with a residual connection and layer norm (post-norm by default, pre-norm
 * with {@code norm_first}). Children have PyTorch's names: {@code self_attn}, {@code multihead_attn},
 * {@code linear1}, {@code linear2}, {@code norm1..3}, {@code dropout}, {@code dropout1..3}.
 */
public final class TransformerDecoderLayer extends AbstractLayer {
    public static final String TYPE = "transformer_decoder_layer";

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
    private final MultiHeadAttention multiheadAttn;
    private final Dense linear1;
    private final Dense linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final LayerNorm norm3;
    private final Dropout dropout;
    private final Dropout dropout1;
    private final Dropout dropout2;
    private final Dropout dropout3;

    /** PyTorch's defaults: dim_feedforward 2048, dropout 0.1, relu, eps 1e-5, time-major, post-norm. */
    public TransformerDecoderLayer(long dModel, int nhead, Generator generator) {
        this(dModel, nhead, 2048, 0.1, "relu", 1e-5, false, false, DType.FLOAT32, Seeds.next(generator));
    }

    public TransformerDecoderLayer(long dModel, int nhead, long dimFeedforward, double dropout, String activation, double layerNormEps,
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
        this.multiheadAttn = addChild("multihead_attn", new MultiHeadAttention(dModel, nhead, dropout, true, batchFirst, dtype, Seeds.next(g)));
        this.linear1 = addChild("linear1", TransformerEncoderLayer.dense(dModel, dimFeedforward, dtype, g));
        this.dropout = addChild("dropout", new Dropout(dropout, Seeds.next(g)));
        this.linear2 = addChild("linear2", TransformerEncoderLayer.dense(dimFeedforward, dModel, dtype, g));
        this.norm1 = addChild("norm1", new LayerNorm(new long[]{dModel}, layerNormEps, true, dtype));
        this.norm2 = addChild("norm2", new LayerNorm(new long[]{dModel}, layerNormEps, true, dtype));
        this.norm3 = addChild("norm3", new LayerNorm(new long[]{dModel}, layerNormEps, true, dtype));
        this.dropout1 = addChild("dropout1", new Dropout(dropout, Seeds.next(g)));
        this.dropout2 = addChild("dropout2", new Dropout(dropout, Seeds.next(g)));
        this.dropout3 = addChild("dropout3", new Dropout(dropout, Seeds.next(g)));
    }

    public TransformerDecoderLayer(Config config) {
        this(config.getLong("d_model"), config.getInt("nhead"), config.getInt("dim_feedforward", 2048), config.getDouble("dropout", 0.1),
                config.getString("activation", "relu"), config.getDouble("layer_norm_eps", 1e-5), config.getBoolean("batch_first", false),
                config.getBoolean("norm_first", false), DType.fromId(config.getString("dtype", DType.FLOAT32.id())), config.getLong("seed"));
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

    /** Needs the memory: use {@link #forward(List)} or {@link #forward(Tensor, Tensor, Tensor, Tensor, Tensor, Tensor)}. */
    @Override
    public Tensor forward(Tensor tgt) {
        throw new IllegalArgumentException(TYPE + ": expected 2 inputs (tgt, memory), got 1");
    }

    /** {@code [tgt, memory]}, without masks. */
    @Override
    public Tensor forward(List<Tensor> inputs) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException(TYPE + ": expected 2 inputs (tgt, memory), got " + inputs.size());
        }
        return forward(inputs.get(0), inputs.get(1), null, null, null, null);
    }

    /** The masks as in PyTorch's {@code forward(tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask, memory_key_padding_mask)}. */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
                          Tensor memoryKeyPaddingMask) {
        return forward(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, null, null);
    }

    /**
     * With key-value caches for incremental decoding: {@code tgt} holds only the new positions, {@code selfCache}
     * (growing) the earlier ones, {@code crossCache} (fixed) the projected memory; {@code tgtMask} then describes the
     * new positions against all cached ones (see {@link AttentionMasks#causal(long, long, long)}).
     */
    public Tensor forward(Tensor tgt, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
                          Tensor memoryKeyPaddingMask, KeyValueCache selfCache, KeyValueCache crossCache) {
        Tensor x = tgt;
        if (normFirst) {
            x = x.add(selfAttention(norm1.forward(x), tgtMask, tgtKeyPaddingMask, selfCache));
            x = x.add(crossAttention(norm2.forward(x), memory, memoryMask, memoryKeyPaddingMask, crossCache));
            return x.add(feedForward(norm3.forward(x)));
        }
        x = norm1.forward(x.add(selfAttention(x, tgtMask, tgtKeyPaddingMask, selfCache)));
        x = norm2.forward(x.add(crossAttention(x, memory, memoryMask, memoryKeyPaddingMask, crossCache)));
        return norm3.forward(x.add(feedForward(x)));
    }

    private Tensor selfAttention(Tensor x, Tensor mask, Tensor keyPaddingMask, KeyValueCache cache) {
        return dropout1.forward(selfAttn.attend(x, x, x, keyPaddingMask, mask, false, cache).output());
    }

    private Tensor crossAttention(Tensor x, Tensor memory, Tensor mask, Tensor keyPaddingMask, KeyValueCache cache) {
        return dropout2.forward(multiheadAttn.attend(x, memory, memory, keyPaddingMask, mask, false, cache).output());
    }

    private Tensor feedForward(Tensor x) {
        return dropout3.forward(linear2.forward(dropout.forward(activation.apply(linear1.forward(x)))));
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
