package dev.neurite.layers.norm;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;

/**
 * Batch normalisation of NCHW inputs {@code [B, C, H, W]} per channel, PyTorch's {@code nn.BatchNorm2d} (eps 1e-5,
 * momentum 0.1, affine). See {@link BatchNorm} for the training and eval semantics.
 */
public final class BatchNorm2d extends BatchNorm {
    public static final String TYPE = "batch_norm2d";

    public BatchNorm2d(long channels) {
        this(channels, DEFAULT_EPS, DEFAULT_MOMENTUM, true, DType.FLOAT32);
    }

    public BatchNorm2d(long channels, double eps, double momentum, boolean affine, DType dtype) {
        super(TYPE, channels, eps, momentum, affine, dtype);
    }

    public BatchNorm2d(Config config) {
        this(config.getLong("channels"), config.getDouble("eps", DEFAULT_EPS),
                config.getDouble("momentum", DEFAULT_MOMENTUM), config.getBoolean("affine", true),
                DType.fromId(config.getString("dtype", DType.FLOAT32.id())));
    }

    @Override
    protected void checkRank(Tensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(TYPE + ": expected input [B, " + features + ", H, W], got shape " + x.shape());
        }
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("channels", features).with("eps", eps).with("momentum", momentum)
                .with("affine", affine).with("dtype", dtype.id());
    }
}
