package dev.neurite.layers.schedule;

import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.LearningRateSchedule;
import dev.neurite.api.nn.Registry;

/**
 * Ramps the rate linearly over the first {@code warmupSteps} optimizer steps, {@code rate * (step + 1) / warmupSteps},
 * where {@code rate} is what the wrapped schedule gives (or the base rate when there is none); from then on it is the
 * wrapped schedule's (or the base rate), with epoch and step not shifted.
 */
public final class LinearWarmup implements LearningRateSchedule {
    public static final String TYPE = "linear_warmup";
    private final long warmupSteps;
    private final LearningRateSchedule after;

    /** Warmup to a constant base rate. */
    public LinearWarmup(long warmupSteps) {
        this(warmupSteps, null);
    }

    public LinearWarmup(long warmupSteps, LearningRateSchedule after) {
        if (warmupSteps < 1) {
            throw new IllegalArgumentException("linear_warmup: warmup steps must be >= 1, got " + warmupSteps);
        }
        this.warmupSteps = warmupSteps;
        this.after = after;
    }

    public LinearWarmup(Config config) {
        this(config.getLong("warmup_steps"), config.has("after") ? Registry.global().schedule(config.getConfig("after")) : null);
    }

    @Override
    public double rate(double baseRate, int epoch, long step) {
        double target = after == null ? baseRate : after.rate(baseRate, epoch, step);
        return step < warmupSteps ? target * (step + 1) / warmupSteps : target;
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        Config c = Config.empty().with("warmup_steps", warmupSteps);
        return after == null ? c : c.with("after", Registry.global().spec(after));
    }
}
