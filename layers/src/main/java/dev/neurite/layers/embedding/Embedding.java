package dev.neurite.layers.embedding;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;
import dev.neurite.layers.core.Seeds;
import dev.neurite.layers.init.Initializers;

/**
 * A lookup table of {@code num_embeddings} vectors of {@code embedding_dim}, PyTorch's {@code nn.Embedding}: int64
 * indices of any shape give {@code indices.shape + [embedding_dim]}. The weight {@code [num_embeddings, embedding_dim]}
 * starts as N(0, 1). With a padding index (negative counts from the end, as in PyTorch) that row starts at zero and
 * never receives a gradient, so it stays what it was set to.
 */
public final class Embedding extends AbstractLayer {
    public static final String TYPE = "embedding";

    private final long numEmbeddings;
    private final long embeddingDim;
    private final Long paddingIdx;
    private final DType dtype;
    private final long seed;
    private final Tensor weight;

    public Embedding(long numEmbeddings, long embeddingDim, Generator generator) {
        this(numEmbeddings, embeddingDim, null, DType.FLOAT32, Seeds.next(generator));
    }

    /** @param paddingIdx the padding row, or null for none */
    public Embedding(long numEmbeddings, long embeddingDim, Long paddingIdx, Generator generator) {
        this(numEmbeddings, embeddingDim, paddingIdx, DType.FLOAT32, Seeds.next(generator));
    }

    @SuppressWarnings("try")
    public Embedding(long numEmbeddings, long embeddingDim, Long paddingIdx, DType dtype, long seed) {
        if (numEmbeddings < 1 || embeddingDim < 1) {
            throw new IllegalArgumentException(TYPE + ": num_embeddings and embedding_dim must be >= 1, got " + numEmbeddings
                    + " and " + embeddingDim);
        }
        if (paddingIdx != null && (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings)) {
            throw new IllegalArgumentException(TYPE + ": padding_idx must be within [-" + numEmbeddings + ", " + numEmbeddings
                    + "), got " + paddingIdx);
        }
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(TYPE + ": parameters must be floating point, got " + dtype);
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.paddingIdx = paddingIdx == null ? null : paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
        this.dtype = dtype;
        this.seed = seed;
        Tensor w = MemoryScope.outside(() -> {
            Tensor init = Initializers.normal(0, 1).create(Shape.of(numEmbeddings, embeddingDim), dtype, embeddingDim, numEmbeddings, seed);
            if (this.paddingIdx != null) {
                try (GradMode.Guard g = GradMode.noGrad()) {
                    init = init.mul(rowMask(numEmbeddings, this.paddingIdx, dtype));
                }
            }
            return init;
        });
        this.weight = addParameter("weight", w);
    }

    public Embedding(Config config) {
        this(config.getLong("num_embeddings"), config.getLong("embedding_dim"),
                config.has("padding_idx") ? Long.valueOf(config.getLong("padding_idx")) : null,
                DType.fromId(config.getString("dtype", DType.FLOAT32.id())), config.getLong("seed"));
    }

    private static Tensor rowMask(long rows, long zeroRow, DType dtype) {
        double[] m = new double[Math.toIntExact(rows)];
        java.util.Arrays.fill(m, 1);
        m[Math.toIntExact(zeroRow)] = 0;
        return Tensor.of(dtype, m, rows, 1);
    }

    public Tensor weight() {
        return weight;
    }

    public long numEmbeddings() {
        return numEmbeddings;
    }

    public long embeddingDim() {
        return embeddingDim;
    }

    /** The padding row (non-negative), or null. */
    public Long paddingIdx() {
        return paddingIdx;
    }

    @Override
    public Tensor forward(Tensor indices) {
        if (indices.dtype() != DType.INT64) {
            throw new IllegalArgumentException(TYPE + ": expected int64 indices, got " + indices.dtype() + " of shape " + indices.shape());
        }
        if (indices.numel() > 0) {
            long[] ix = indices.toLongArray();
            for (long i : ix) {
                if (i < 0 || i >= numEmbeddings) {
                    throw new IllegalArgumentException(TYPE + ": index " + i + " is out of range for " + numEmbeddings
                            + " embeddings (expected 0.." + (numEmbeddings - 1) + ")");
                }
            }
        }
        Tensor flat = indices.reshape(-1);
        Tensor rows = weight.gather(0, flat);
        if (paddingIdx != null && weight.requiresGrad()) {
            // The padding row's output is the row as it is, but no gradient flows back into it: the gradient of the
            // gathered rows is masked, which leaves the forward value untouched.
            Tensor keep = flat.ne(Tensor.scalar(paddingIdx, DType.INT64)).cast(dtype).reshape(-1, 1);
            rows = Masked.gradient(rows, keep);
        }
        return rows.reshape(indices.shape().append(embeddingDim));
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        Config c = Config.empty().with("num_embeddings", numEmbeddings).with("embedding_dim", embeddingDim);
        if (paddingIdx != null) {
            c.with("padding_idx", paddingIdx);
        }
        return c.with("dtype", dtype.id()).with("seed", seed);
    }
}
