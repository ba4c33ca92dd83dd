package dev.neurite.layers.core;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;

import java.util.List;

/**
 * {@code (x - mean) / std}, per channel (axis 1) or for all values: input standardisation as part of the model,
 * like torchvision's {@code Normalize} or Keras' {@code Normalization}, so a saved model applies it at inference too.
 * Mean and std are buffers: saved with the weights, never trained.
 */
public final class Normalize extends AbstractLayer {
    public static final String TYPE = "normalize";
    private final double[] mean;
    private final double[] std;
    private final Tensor meanTensor;
    private final Tensor stdTensor;

    /** One mean and std for every value, e.g. Fashion-MNIST's 0.2860 and 0.3530. */
    public Normalize(double mean, double std) {
        this(new double[]{mean}, new double[]{std});
    }

    /** One mean and std per channel of [B, C, ...] inputs. */
    public Normalize(double[] mean, double[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("normalize: expected as many means as stds (at least one), got "
                    + mean.length + " and " + std.length);
        }
        for (double s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("normalize: every std must be > 0, got " + s);
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
        long[] shape = mean.length == 1 ? new long[0] : new long[]{mean.length, 1, 1};
        this.meanTensor = addBuffer("mean", Tensor.of(DType.FLOAT32, mean, shape));
        this.stdTensor = addBuffer("std", Tensor.of(DType.FLOAT32, std, shape));
    }

    public Normalize(Config config) {
        this(doubles(config.getList("mean")), doubles(config.getList("std")));
    }

    private static double[] doubles(List<?> values) {
        return values.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    @Override
    public Tensor forward(Tensor x) {
        if (mean.length > 1 && (x.rank() < 2 || x.size(1) != mean.length)) {
            throw new IllegalArgumentException("normalize: expected input [B, " + mean.length + ", ...] for " + mean.length
                    + " channels, got " + x.shape());
        }
        return x.sub(meanTensor).div(stdTensor);
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("mean", mean).with("std", std);
    }
}
