package dev.neurite.api.train;

import java.util.Map;

/** Divides the learning rate by {@code 1/factor} (10 by default) when a metric stops improving for {@code patience} epochs. */
public final class ReduceLearningRateOnPlateau implements Callback {
    private final String monitor;
    private final double factor;
    private final int patience;
    private final double minRate;
    private double best = Double.POSITIVE_INFINITY;
    private int wait;

    public ReduceLearningRateOnPlateau(String monitor, double factor, int patience, double minRate) {
        if (factor <= 0 || factor >= 1) {
            throw new IllegalArgumentException("ReduceLearningRateOnPlateau: factor must be in (0, 1), got " + factor);
        }
        this.monitor = monitor;
        this.factor = factor;
        this.patience = patience;
        this.minRate = minRate;
    }

    @Override
    public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> logs) {
        double value = logs.getOrDefault(monitor, Double.NaN);
        if (value < best) {
            best = value;
            wait = 0;
        } else if (++wait >= patience) {
            double lr = context.optimizer().learningRate();
            context.optimizer().setLearningRate(Math.max(minRate, lr * factor));
            wait = 0;
        }
    }
}
