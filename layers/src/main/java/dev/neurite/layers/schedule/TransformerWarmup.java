package dev.neurite.layers.schedule;

import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.LearningRateSchedule;

/**
 * The schedule of "Attention Is All You Need": {@code d_model^-0.5 * min(s^-0.5, s * warmup^-1.5)} with the
 * 1-based step {@code s = step + 1}, multiplied by the base rate like every schedule here (so a base rate of 1 gives
 * the paper's values, and other base rates act as its scale factor).
 */
public final class TransformerWarmup implements LearningRateSchedule {
    public static final String TYPE = "transformer_warmup";
    private final int dModel;
    private final long warmupSteps;

    public TransformerWarmup(int dModel, long warmupSteps) {
        if (dModel < 1 || warmupSteps < 1) {
            throw new IllegalArgumentException("transformer_warmup: dModel and warmupSteps must be >= 1, got " + dModel
                    + " and " + warmupSteps);
        }
        this.dModel = dModel;
        this.warmupSteps = warmupSteps;
    }

    public TransformerWarmup(Config config) {
        this(config.getInt("d_model"), config.getLong("warmup_steps"));
    }

    @Override
    public double rate(double baseRate, int epoch, long step) {
        double s = step + 1.0;
        return baseRate * Math.pow(dModel, -0.5) * Math.min(Math.pow(s, -0.5), s * Math.pow(warmupSteps, -1.5));
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("d_model", dModel).with("warmup_steps", warmupSteps);
    }
}
