package dev.neurite.layers.schedule;

import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.LearningRateSchedule;

/**
 * Cosine from the base rate down to {@code minRate} over {@code tMax} epochs,
 * {@code min + (base - min) (1 + cos(pi epoch / tMax)) / 2}: the closed form of PyTorch's {@code CosineAnnealingLR}
 * (past {@code tMax} it rises again, as the closed form does).
 */
public final class CosineAnnealing implements LearningRateSchedule {
    public static final String TYPE = "cosine_annealing";
    private final int tMax;
    private final double minRate;

    public CosineAnnealing(int tMax, double minRate) {
        if (tMax < 1) {
            throw new IllegalArgumentException("cosine_annealing: tMax must be >= 1 epoch, got " + tMax);
        }
        this.tMax = tMax;
        this.minRate = minRate;
    }

    public CosineAnnealing(Config config) {
        this(config.getInt("t_max"), config.getDouble("min_rate", 0));
    }

    @Override
    public double rate(double baseRate, int epoch, long step) {
        return minRate + (baseRate - minRate) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("t_max", tMax).with("min_rate", minRate);
    }
}
