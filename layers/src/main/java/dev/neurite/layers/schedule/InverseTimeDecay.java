package dev.neurite.layers.schedule;

import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.LearningRateSchedule;

/** {@code baseRate / (1 + decay * epoch)}: with base 0.1 and decay 1, epochs 0..3 give 0.1, 0.05, 0.0333, 0.025. */
public final class InverseTimeDecay implements LearningRateSchedule {
    public static final String TYPE = "inverse_time_decay";
    private final double decay;

    public InverseTimeDecay(double decay) {
        if (!(decay >= 0)) {
            throw new IllegalArgumentException("inverse_time_decay: decay must be >= 0, got " + decay);
        }
        this.decay = decay;
    }

    public InverseTimeDecay(Config config) {
        this(config.getDouble("decay"));
    }

    @Override
    public double rate(double baseRate, int epoch, long step) {
        return baseRate / (1 + decay * epoch);
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("decay", decay);
    }
}
