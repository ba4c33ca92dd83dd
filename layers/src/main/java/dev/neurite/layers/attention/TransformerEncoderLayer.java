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

    private final TransformerLayerSpec spec;
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
        this(TransformerLayerSpec.of(TYPE, dModel, nhead, dimFeedforward, dropout, activation, layerNormEps, batchFirst,
                normFirst, dtype, seed));
    }

    public TransformerEncoderLayer(Config config) {
        this(TransformerLayerSpec.of(TYPE, config));
    }

    private TransformerEncoderLayer(TransformerLayerSpec spec) {
        this.spec = spec;
        Generator g = new Generator(spec.seed());
        this.selfAttn = addChild("self_attn", spec.attention(g));
        this.linear1 = addChild("linear1", spec.expand(g));
        this.dropout = addChild("dropout", spec.dropout(g));
        this.linear2 = addChild("linear2", spec.project(g));
        this.norm1 = addChild("norm1", spec.norm());
        this.norm2 = addChild("norm2", spec.norm());
        this.dropout1 = addChild("dropout1", spec.dropout(g));
        this.dropout2 = addChild("dropout2", spec.dropout(g));
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
        if (spec.normFirst()) {
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
        return dropout2.forward(spec.feedForward(linear1, dropout, linear2, x));
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
