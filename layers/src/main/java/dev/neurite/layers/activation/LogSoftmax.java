package dev.neurite.layers.activation;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;

/** {@code logSoftmax} along one axis (the last by default), stabilised by subtracting the maximum. */
public final class LogSoftmax extends AxisActivation {
    public static final String TYPE = "log_softmax";

    public LogSoftmax() {
        this(-1);
    }

    public LogSoftmax(int axis) {
        super(TYPE, axis);
    }

    public LogSoftmax(Config config) {
        this(config.getInt("axis", -1));
    }

    @Override
    protected Tensor apply(Tensor x) {
        return x.logSoftmax(axis());
    }
}
