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

    private final TransformerLayerSpec spec;
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
        this(TransformerLayerSpec.of(TYPE, dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, batchFirst,
                normFirst, dtype, seed));
    }

    public TransformerDecoderLayer(Config config) {
        this(TransformerLayerSpec.of(TYPE, config));
    }

    private TransformerDecoderLayer(TransformerLayerSpec spec) {
        this.spec = spec;
        Generator g = new Generator(spec.seed());
        this.selfAttn = addChild("self_attn", spec.attention(g));
        this.multiheadAttn = addChild("multihead_attn", spec.attention(g));
        this.linear1 = addChild("linear1", spec.expand(g));
        this.dropout = addChild("dropout", spec.dropout(g));
        this.linear2 = addChild("linear2", spec.project(g));
        this.norm1 = addChild("norm1", spec.norm());
        this.norm2 = addChild("norm2", spec.norm());
        this.norm3 = addChild("norm3", spec.norm());
        this.dropout1 = addChild("dropout1", spec.dropout(g));
        this.dropout2 = addChild("dropout2", spec.dropout(g));
        this.dropout3 = addChild("dropout3", spec.dropout(g));
    }

    public long dModel() {
        return spec.dModel();
    }

    public boolean batchFirst() {
        return spec.batchFirst();
    }

    public boolean normFirst() {
        return spec.normFirst();
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
        if (spec.normFirst()) {
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
        return dropout3.forward(spec.feedForward(linear1, dropout, linear2, x));
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return spec.config();
    }
}
