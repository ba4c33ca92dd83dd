package dev.neurite.layers.activation;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;

/** {@code softmax} along one axis (the last by default), stabilised by subtracting the maximum. */
public final class Softmax extends AxisActivation {
    public static final String TYPE = "softmax";

    public Softmax() {
        this(-1);
    }

    public Softmax(int axis) {
        super(TYPE, axis);
    }

    public Softmax(Config config) {
        this(config.getInt("axis", -1));
    }

    @Override
    protected Tensor apply(Tensor x) {
        return x.softmax(axis());
    }
}
