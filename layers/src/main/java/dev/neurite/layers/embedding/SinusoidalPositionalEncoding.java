package dev.neurite.layers.embedding;

import dev.neurite.api.DType;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;

/**
 * Adds the fixed sinusoidal position encodings of "Attention Is All You Need" (as in PyTorch's Transformer tutorial):
 * {@code PE[pos, 2i] = sin(pos / 10000^(2i/d))}, {@code PE[pos, 2i+1] = cos(pos / 10000^(2i/d))}. Input
 * {@code [seq, batch, d_model]}, or {@code [batch, seq, d_model]} when batch first; {@link #forward(Tensor, long)}
 * starts at a position offset (incremental decoding). No parameters: the table is recomputed, not saved.
 */
public final class SinusoidalPositionalEncoding extends AbstractLayer implements PositionalEncoding {
    public static final String TYPE = "sinusoidal_positional_encoding";

    private final long dModel;
    private final long maxLen;
    private final boolean batchFirst;
    private final DType dtype;
    private final Tensor table;

    public SinusoidalPositionalEncoding(long dModel, long maxLen, boolean batchFirst) {
        this(dModel, maxLen, batchFirst, DType.FLOAT32);
    }

    public SinusoidalPositionalEncoding(long dModel, long maxLen, boolean batchFirst, DType dtype) {
        if (dModel < 1 || maxLen < 1) {
            throw new IllegalArgumentException(TYPE + ": d_model and max_len must be >= 1, got " + dModel + " and " + maxLen);
        }
        this.dModel = dModel;
        this.maxLen = maxLen;
        this.batchFirst = batchFirst;
        this.dtype = dtype;
        double[] pe = new double[Math.toIntExact(maxLen * dModel)];
        for (long pos = 0; pos < maxLen; pos++) {
            for (long i = 0; i < dModel; i++) {
                double angle = pos / Math.pow(10000, (2 * (i / 2)) / (double) dModel);
                pe[Math.toIntExact(pos * dModel + i)] = i % 2 == 0 ? Math.sin(angle) : Math.cos(angle);
            }
        }
        this.table = MemoryScope.outside(() -> Tensor.of(dtype, pe, maxLen, dModel));
    }

    public SinusoidalPositionalEncoding(Config config) {
        this(config.getLong("d_model"), config.getInt("max_len", 5000), config.getBoolean("batch_first", false),
                DType.fromId(config.getString("dtype", DType.FLOAT32.id())));
    }

    /** The encodings of positions {@code 0..max_len-1}, {@code [max_len, d_model]}. */
    public Tensor table() {
        return table;
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, 0);
    }

    @Override
    public Tensor forward(Tensor x, long offset) {
        return x.add(PositionalEncoding.rows(TYPE, table, x, offset, maxLen, dModel, batchFirst));
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("d_model", dModel).with("max_len", maxLen).with("batch_first", batchFirst).with("dtype", dtype.id());
    }
}
