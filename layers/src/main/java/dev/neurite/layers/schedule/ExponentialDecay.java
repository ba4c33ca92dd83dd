package dev.neurite.layers.schedule;

import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.LearningRateSchedule;

/** {@code baseRate * gamma^epoch}, as PyTorch's {@code ExponentialLR}. */
public final class ExponentialDecay implements LearningRateSchedule {
    public static final String TYPE = "exponential_decay";
    private final double gamma;

    public ExponentialDecay(double gamma) {
        this.gamma = gamma;
    }

    public ExponentialDecay(Config config) {
        this(config.getDouble("gamma"));
    }

    @Override
    public double rate(double baseRate, int epoch, long step) {
        return baseRate * Math.pow(gamma, epoch);
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("gamma", gamma);
    }
}
