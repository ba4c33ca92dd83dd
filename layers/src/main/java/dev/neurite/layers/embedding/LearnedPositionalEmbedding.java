package dev.neurite.layers.embedding;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;
import dev.neurite.layers.core.Seeds;
import dev.neurite.layers.init.Initializers;

/**
 * Adds a trained vector per position (BERT/GPT style): {@code weight [max_len, d_model]}, an {@code nn.Embedding} of
 * positions, N(0, 1) at the start as {@code nn.Embedding}. Input {@code [seq, batch, d_model]}, or
 * {@code [batch, seq, d_model]} when batch first.
 */
public final class LearnedPositionalEmbedding extends AbstractLayer implements PositionalEncoding {
    public static final String TYPE = "learned_positional_embedding";

    private final long maxLen;
    private final long dModel;
    private final boolean batchFirst;
    private final DType dtype;
    private final long seed;
    private final Tensor weight;

    public LearnedPositionalEmbedding(long maxLen, long dModel, boolean batchFirst, Generator generator) {
        this(maxLen, dModel, batchFirst, DType.FLOAT32, Seeds.next(generator));
    }

    public LearnedPositionalEmbedding(long maxLen, long dModel, boolean batchFirst, DType dtype, long seed) {
        if (dModel < 1 || maxLen < 1) {
            throw new IllegalArgumentException(TYPE + ": max_len and d_model must be >= 1, got " + maxLen + " and " + dModel);
        }
        this.maxLen = maxLen;
        this.dModel = dModel;
        this.batchFirst = batchFirst;
        this.dtype = dtype;
        this.seed = seed;
        this.weight = addParameter("weight", MemoryScope.outside(() ->
                Initializers.normal(0, 1).create(Shape.of(maxLen, dModel), dtype, dModel, maxLen, seed)));
    }

    public LearnedPositionalEmbedding(Config config) {
        this(config.getLong("max_len"), config.getLong("d_model"), config.getBoolean("batch_first", false),
                DType.fromId(config.getString("dtype", DType.FLOAT32.id())), config.getLong("seed"));
    }

    public Tensor weight() {
        return weight;
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, 0);
    }

    @Override
    public Tensor forward(Tensor x, long offset) {
        return x.add(PositionalEncoding.rows(TYPE, weight, x, offset, maxLen, dModel, batchFirst));
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("max_len", maxLen).with("d_model", dModel).with("batch_first", batchFirst).with("dtype", dtype.id())
                .with("seed", seed);
    }
}
