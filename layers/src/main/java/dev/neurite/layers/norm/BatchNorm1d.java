package dev.neurite.layers.norm;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;

/**
 * Batch normalisation of {@code [B, C]} or {@code [B, C, L]} inputs per feature C, PyTorch's {@code nn.BatchNorm1d}
 * (eps 1e-5, momentum 0.1, affine). See {@link BatchNorm} for the training and eval semantics.
 */
public final class BatchNorm1d extends BatchNorm {
    public static final String TYPE = "batch_norm1d";

    public BatchNorm1d(long features) {
        this(features, DEFAULT_EPS, DEFAULT_MOMENTUM, true, DType.FLOAT32);
    }

    public BatchNorm1d(long features, double eps, double momentum, boolean affine, DType dtype) {
        super(TYPE, features, eps, momentum, affine, dtype);
    }

    public BatchNorm1d(Config config) {
        this(config.getLong("features"), config.getDouble("eps", DEFAULT_EPS),
                config.getDouble("momentum", DEFAULT_MOMENTUM), config.getBoolean("affine", true),
                DType.fromId(config.getString("dtype", DType.FLOAT32.id())));
    }

    @Override
    protected void checkRank(Tensor x) {
        if (x.rank() != 2 && x.rank() != 3) {
            throw new IllegalArgumentException(TYPE + ": expected input [B, " + features + "] or [B, " + features
                    + ", L], got shape " + x.shape());
        }
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("features", features).with("eps", eps).with("momentum", momentum)
                .with("affine", affine).with("dtype", dtype.id());
    }
}
