package dev.neurite.layers.activation;

import dev.neurite.api.nn.Config;

/** An activation that normalises along one axis (the last by default): softmax and log-softmax. */
abstract class AxisActivation extends ActivationLayer {
    private final int axis;

    AxisActivation(String typeId, int axis) {
        super(typeId);
        this.axis = axis;
    }

    public int axis() {
        return axis;
    }

    @Override
    public Config config() {
        return Config.empty().with("axis", axis);
    }
}
