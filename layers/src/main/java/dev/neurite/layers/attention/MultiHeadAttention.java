package dev.neurite.layers.attention;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.core.Seeds;
import dev.neurite.layers.init.Initializers;

import java.util.List;

/**
 * Multi-head scaled dot-product attention, PyTorch's {@code nn.MultiheadAttention}:
 * {@code softmax(Q K^T / sqrt(head_dim) + mask) V} per head, heads concatenated and projected.
 *
 * <p>Parameters have PyTorch's names and layouts: {@code in_proj_weight [3*embed_dim, embed_dim]} (the query, key and
 * value projections stacked in that order), {@code in_proj_bias [3*embed_dim]}, {@code out_proj.weight
 * [embed_dim, embed_dim]} and {@code out_proj.bias [embed_dim]}; initialised as PyTorch does (Xavier-uniform in-projection,
 * zero biases). Inputs are time-major {@code [target, batch, embed]} by default, {@code [batch, target, embed]} when
 * batch first, or unbatched {@code [target, embed]}; key and value have the source length.
 *
 * <p>Masks follow PyTorch: {@code attn_mask} {@code [target, source]} or {@code [batch * heads, target, source]}, bool
 * ({@code true}: not allowed, see {@link AttentionMasks#causal}) or float (added to the scores);
 * {@code key_padding_mask} {@code [batch, source]}, bool ({@code true}: ignore that key) or float. Dropout applies to
 * the attention weights in training.
 */
public final class MultiHeadAttention extends AbstractLayer {
    public static final String TYPE = "multihead_attention";

    private final long embedDim;
    private final int numHeads;
    private final long headDim;
    private final double dropout;
    private final boolean bias;
    private final boolean batchFirst;
    private final DType dtype;
    private final long seed;
    private final Generator dropoutMasks;
    private final Tensor inProjWeight;
    private final Tensor inProjBias;
    private final Dense outProj;

    public MultiHeadAttention(long embedDim, int numHeads, Generator generator) {
        this(embedDim, numHeads, 0, true, false, DType.FLOAT32, Seeds.next(generator));
    }

    public MultiHeadAttention(long embedDim, int numHeads, double dropout, boolean bias, boolean batchFirst, DType dtype, long seed) {
        if (embedDim < 1 || numHeads < 1 || embedDim % numHeads != 0) {
            throw new IllegalArgumentException(TYPE + ": embed_dim must be a positive multiple of num_heads, got embed_dim="
                    + embedDim + ", num_heads=" + numHeads);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException(TYPE + ": dropout must be in [0, 1), got " + dropout);
        }
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(TYPE + ": parameters must be floating point, got " + dtype);
        }
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.headDim = embedDim / numHeads;
        this.dropout = dropout;
        this.bias = bias;
        this.batchFirst = batchFirst;
        this.dtype = dtype;
        this.seed = seed;
        this.dropoutMasks = new Generator(seed ^ 0x6174_746EL);
        Generator streams = new Generator(seed);
        long inSeed = streams.nextSeed();
        long outSeed = streams.nextSeed();
        // PyTorch's _reset_parameters: xavier_uniform_ over the stacked [3E, E] matrix (fan-in E, fan-out 3E).
        this.inProjWeight = addParameter("in_proj_weight", MemoryScope.outside(() ->
                Initializers.glorotUniform().create(Shape.of(3 * embedDim, embedDim), dtype, embedDim, 3 * embedDim, inSeed)));
        this.inProjBias = bias ? addParameter("in_proj_bias", MemoryScope.outside(() -> Tensor.zeros(Shape.of(3 * embedDim), dtype))) : null;
        this.outProj = addChild("out_proj", new Dense(embedDim, embedDim, bias, Initializers.pytorchDefault(), Initializers.zeros(),
                dtype, outSeed));
    }

    public MultiHeadAttention(Config config) {
        this(config.getLong("embed_dim"), config.getInt("num_heads"), config.getDouble("dropout", 0), config.getBoolean("bias", true),
                config.getBoolean("batch_first", false), DType.fromId(config.getString("dtype", DType.FLOAT32.id())),
                config.getLong("seed"));
    }

    public long embedDim() {
        return embedDim;
    }

    public int numHeads() {
        return numHeads;
    }

    public long headDim() {
        return headDim;
    }

    public boolean batchFirst() {
        return batchFirst;
    }

    public double dropout() {
        return dropout;
    }

    public boolean hasBias() {
        return bias;
    }

    public DType dtype() {
        return dtype;
    }

    public Tensor inProjWeight() {
        return inProjWeight;
    }

    /** The stacked in-projection bias, or {@code null} without biases. */
    public Tensor inProjBias() {
        return inProjBias;
    }

    public Dense outProj() {
        return outProj;
    }

    /** Self-attention without masks. */
    @Override
    public Tensor forward(Tensor x) {
        return attend(x, x, x, null, null, false).output();
    }

    /** {@code [x]} (self-attention) or {@code [query, key, value]}. */
    @Override
    public Tensor forward(List<Tensor> inputs) {
        if (inputs.size() == 1) {
            return forward(inputs.get(0));
        }
        if (inputs.size() != 3) {
            throw new IllegalArgumentException(TYPE + ": expected 1 input (self-attention) or 3 (query, key, value), got " + inputs.size());
        }
        return attend(inputs.get(0), inputs.get(1), inputs.get(2), null, null, false).output();
    }

    /** The attended values; see {@link #attend}. */
    public Tensor forward(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, Tensor attnMask) {
        return attend(query, key, value, keyPaddingMask, attnMask, false).output();
    }

    /**
     * Attention of {@code query} over {@code key}/{@code value} (pass the same tensor three times for
     * self-attention: then the three projections run as one product).
     *
     * @param keyPaddingMask {@code [batch, source]} or null
     * @param attnMask       {@code [target, source]} or {@code [batch * heads, target, source]}, or null
     * @param needWeights    whether to return the head-averaged attention weights
     */
    public AttentionOutput attend(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, Tensor attnMask, boolean needWeights) {
        return attend(query, key, value, keyPaddingMask, attnMask, needWeights, null);
    }

    /**
     * As {@link #attend(Tensor, Tensor, Tensor, Tensor, Tensor, boolean)}, with a cache for incremental decoding (null
     * for none). With a growing cache, {@code key} and {@code value} are the new positions only, and the source
     * length the masks describe is the cached length plus the new one; with a fixed cache that is already filled,
     * {@code key} and {@code value} are not read again.
     */
    public AttentionOutput attend(Tensor query, Tensor key, Tensor value, Tensor keyPaddingMask, Tensor attnMask, boolean needWeights,
                                  KeyValueCache cache) {
        boolean unbatched = query.rank() == 2;
        Tensor q = toBatchMajor("query", query, unbatched);
        long batch = q.size(0);
        long target = q.size(1);
        Tensor[] heads;
        if (cache != null && cache.isFixed() && !cache.isEmpty()) {
            heads = new Tensor[]{heads(linear(q, inProjWeight.slice(0, 0, embedDim), 0)), cache.keys(), cache.values()};
        } else {
            Tensor k = key == query ? q : toBatchMajor("key", key, unbatched);
            Tensor v = value == key ? k : toBatchMajor("value", value, unbatched);
            if (k.size(0) != batch || v.size(0) != batch || v.size(1) != k.size(1)) {
                throw new IllegalArgumentException(TYPE + ": key and value must have the query's batch (" + batch + ") and one source "
                        + "length, got query " + query.shape() + ", key " + key.shape() + ", value " + value.shape());
            }
            Tensor[] qkv = project(q, k, v);
            heads = new Tensor[]{heads(qkv[0]), heads(qkv[1]), heads(qkv[2])};
            if (cache != null) {
                cache.update(heads[1], heads[2]);
                heads[1] = cache.keys();
                heads[2] = cache.values();
            }
        }
        long source = heads[1].size(2);
        Tensor mask = combinedMask(keyPaddingMask == null ? null : unbatched ? keyPaddingMask.unsqueeze(0) : keyPaddingMask,
                attnMask, batch, target, source);
        Tensor[] attended = ScaledDotProduct.attend(heads[0], heads[1], heads[2], mask, isTraining() ? dropout : 0, dropoutMasks,
                needWeights);
        Tensor out = outProj.forward(mergeHeads(attended[0]));
        Tensor weights = needWeights ? attended[1].mean(1, false) : null;
        if (unbatched) {
            out = out.squeeze(0);
            weights = weights == null ? null : weights.squeeze(0);
        } else if (!batchFirst) {
            out = out.transpose(0, 1);
        }
        return new AttentionOutput(out, weights);
    }

    private Tensor toBatchMajor(String what, Tensor x, boolean unbatched) {
        if (x.rank() != (unbatched ? 2 : 3) || x.size(-1) != embedDim) {
            throw new IllegalArgumentException(TYPE + ": expected " + what + " " + (unbatched ? "[seq, " + embedDim + "] (unbatched, like the query)"
                    : batchFirst ? "[batch, seq, " + embedDim + "]" : "[seq, batch, " + embedDim + "]") + ", got shape " + x.shape());
        }
        if (x.dtype() != dtype) {
            throw new IllegalArgumentException(TYPE + ": " + what + " dtype " + x.dtype() + " does not match the layer's " + dtype);
        }
        return unbatched ? x.unsqueeze(0) : batchFirst ? x : x.transpose(0, 1);
    }

    /** The query, key and value projections, {@code [batch, seq, embed]} each. */
    Tensor[] project(Tensor q, Tensor k, Tensor v) {
        if (q == k && k == v) {
            Tensor all = q.matmul(inProjWeight, false, true);
            if (bias) {
                all = all.add(inProjBias);
            }
            return new Tensor[]{all.slice(2, 0, embedDim), all.slice(2, embedDim, 2 * embedDim), all.slice(2, 2 * embedDim, 3 * embedDim)};
        }
        Tensor wq = inProjWeight.slice(0, 0, embedDim);
        Tensor qp = linear(q, wq, 0);
        if (k == v) {
            Tensor kv = linear(k, inProjWeight.slice(0, embedDim, 3 * embedDim), 1);
            return new Tensor[]{qp, kv.slice(2, 0, embedDim), kv.slice(2, embedDim, 2 * embedDim)};
        }
        return new Tensor[]{qp, linear(k, inProjWeight.slice(0, embedDim, 2 * embedDim), 1),
                linear(v, inProjWeight.slice(0, 2 * embedDim, 3 * embedDim), 2)};
    }

    private Tensor linear(Tensor x, Tensor w, int firstBlock) {
        Tensor y = x.matmul(w, false, true);
        if (!bias) {
            return y;
        }
        long blocks = w.size(0) / embedDim;
        return y.add(inProjBias.slice(0, firstBlock * embedDim, (firstBlock + blocks) * embedDim));
    }

    /** {@code [batch, seq, embed]} to {@code [batch, heads, seq, head_dim]}. */
    Tensor heads(Tensor x) {
        return x.reshape(x.size(0), x.size(1), numHeads, headDim).permute(0, 2, 1, 3);
    }

    /** {@code [batch, heads, seq, head_dim]} to {@code [batch, seq, embed]}. */
    Tensor mergeHeads(Tensor x) {
        return x.permute(0, 2, 1, 3).reshape(x.size(0), x.size(2), embedDim);
    }

    /** Both masks as one additive float mask broadcasting to {@code [batch, heads, target, source]}, or null. */
    Tensor combinedMask(Tensor keyPaddingMask, Tensor attnMask, long batch, long target, long source) {
        Tensor mask = null;
        if (attnMask != null) {
            Shape s = attnMask.shape();
            if (s.equals(Shape.of(target, source))) {
                mask = additive(attnMask).reshape(1, 1, target, source);
            } else if (s.equals(Shape.of(batch * numHeads, target, source))) {
                mask = additive(attnMask).reshape(batch, numHeads, target, source);
            } else {
                throw new IllegalArgumentException(TYPE + ": expected attn_mask [" + target + ", " + source + "] or [" + batch * numHeads
                        + ", " + target + ", " + source + "] (batch * heads, target, source), got " + s);
            }
        }
        if (keyPaddingMask != null) {
            if (!keyPaddingMask.shape().equals(Shape.of(batch, source))) {
                throw new IllegalArgumentException(TYPE + ": expected key_padding_mask [" + batch + ", " + source + "] (batch, source), got "
                        + keyPaddingMask.shape());
            }
            Tensor kpm = additive(keyPaddingMask).reshape(batch, 1, 1, source);
            mask = mask == null ? kpm : mask.add(kpm);
        }
        return mask;
    }

    private Tensor additive(Tensor mask) {
        if (mask.dtype() == DType.BOOL) {
            return Tensor.where(mask, Tensor.scalar(Double.NEGATIVE_INFINITY, dtype), Tensor.scalar(0, dtype));
        }
        if (mask.dtype() != dtype) {
            throw new IllegalArgumentException(TYPE + ": a float mask must have the layer's dtype " + dtype + ", got " + mask.dtype());
        }
        return mask;
    }

    /** Dropout on attention weights, reproducible from the layer's seed. */
    static Tensor dropout(Tensor weights, double p, Generator masks) {
        Tensor keep = Tensor.random(weights.shape(), weights.dtype(), Distribution.BERNOULLI, 1 - p, 0, masks.nextSeed());
        return weights.mul(keep.mul(1 / (1 - p)));
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("embed_dim", embedDim).with("num_heads", numHeads).with("dropout", dropout).with("bias", bias)
                .with("batch_first", batchFirst).with("dtype", dtype.id()).with("seed", seed);
    }
}
