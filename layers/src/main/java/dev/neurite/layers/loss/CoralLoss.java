package dev.neurite.layers.loss;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Loss;

/**
 * The CORAL loss for unsupervised domain adaptation (Sun and Saenko 2016, "Deep CORAL"): the distance between the
 * second-order statistics of source and target features,
 * <pre>{@code  ||C_S - C_T||_F^2 / (4 d^2),   C = (X^T X - (1^T X)^T (1^T X) / n) / (n - 1) }</pre>
 * for features {@code [n_S, d]} and {@code [n_T, d]} (the two batches may differ in size). It needs no target
 * labels: add it, weighted, to the source task's loss so the network learns features whose covariances match
 * across domains. The "predictions" are the source features and the "targets" the target-domain features; both get
 * gradients. A scalar; there is no reduction to choose.
 */
public final class CoralLoss implements Loss {
    public static final String TYPE = "coral";

    public CoralLoss() {
    }

    public CoralLoss(Config config) {
    }

    @Override
    public Tensor compute(Tensor source, Tensor target) {
        if (source.rank() != 2 || target.rank() != 2 || source.size(1) != target.size(1) || source.size(0) < 2
                || target.size(0) < 2 || !source.dtype().isFloatingPoint() || source.dtype() != target.dtype()) {
            throw new IllegalArgumentException(TYPE + ": expected source and target features [n, d] of one floating-point"
                    + " dtype with the same d and n >= 2, got " + source.dtype() + source.shape() + " and "
                    + target.dtype() + target.shape());
        }
        long d = source.size(1);
        return covariance(source).sub(covariance(target)).square().sum().div(4.0 * d * d);
    }

    private static Tensor covariance(Tensor x) {
        Tensor centered = x.sub(x.mean(0, true));
        return centered.matmul(centered, true, false).div(x.size(0) - 1);
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty();
    }

    @Override
    public String toString() {
        return TYPE;
    }
}
