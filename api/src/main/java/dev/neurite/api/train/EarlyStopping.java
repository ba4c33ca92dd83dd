package dev.neurite.api.train;

import java.util.Map;

/** Stops training when a monitored metric has not improved by {@code minDelta} for {@code patience} epochs. */
public final class EarlyStopping implements Callback {
    private final String monitor;
    private final int patience;
    private final double minDelta;
    private final boolean lowerIsBetter;
    private double best;
    private int wait;
    private int stoppedEpoch = -1;

    /** Monitors {@code val_loss}-like metrics (lower is better) unless the name contains "acc". */
    public EarlyStopping(String monitor, int patience, double minDelta) {
        this.monitor = monitor;
        this.patience = patience;
        this.minDelta = minDelta;
        this.lowerIsBetter = !monitor.contains("acc");
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        best = lowerIsBetter ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        wait = 0;
        stoppedEpoch = -1;
    }

    @Override
    public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> logs) {
        Double value = logs.get(monitor);
        if (value == null) {
            throw new IllegalArgumentException("EarlyStopping: metric '" + monitor + "' is not logged; available: " + logs.keySet());
        }
        boolean improved = lowerIsBetter ? value < best - minDelta : value > best + minDelta;
        if (improved) {
            best = value;
            wait = 0;
        } else if (++wait >= patience) {
            stoppedEpoch = epoch;
            context.requestStop();
        }
    }

    /** The epoch after which training was stopped, or -1. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }
}
