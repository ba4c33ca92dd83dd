package dev.neurite.layers.schedule;

import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.LearningRateSchedule;

/** {@code baseRate / sqrt(epoch + 1)}: the material's 1/sqrt(t) with 1-based epochs. */
public final class InverseSqrtDecay implements LearningRateSchedule {
    public static final String TYPE = "inverse_sqrt_decay";

    public InverseSqrtDecay() {
    }

    public InverseSqrtDecay(Config config) {
        this();
    }

    @Override
    public double rate(double baseRate, int epoch, long step) {
        return baseRate / Math.sqrt(epoch + 1.0);
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty();
    }
}
