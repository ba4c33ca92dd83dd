package dev.neurite.layers.schedule;

import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.LearningRateSchedule;

/** Multiplies the rate by {@code gamma} every {@code stepSize} epochs, as PyTorch's {@code StepLR}. */
public final class StepDecay implements LearningRateSchedule {
    public static final String TYPE = "step_decay";
    private final int stepSize;
    private final double gamma;

    public StepDecay(int stepSize, double gamma) {
        if (stepSize < 1) {
            throw new IllegalArgumentException("step_decay: step size must be >= 1 epoch, got " + stepSize);
        }
        this.stepSize = stepSize;
        this.gamma = gamma;
    }

    public StepDecay(Config config) {
        this(config.getInt("step_size"), config.getDouble("gamma", 0.1));
    }

    @Override
    public double rate(double baseRate, int epoch, long step) {
        return baseRate * Math.pow(gamma, epoch / stepSize);
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("step_size", stepSize).with("gamma", gamma);
    }
}
