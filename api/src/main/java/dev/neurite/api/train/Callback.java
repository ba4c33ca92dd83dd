package dev.neurite.api.train;

import java.util.Map;

/** Hooks into a {@link Trainer} run. Logs map metric names ({@code loss}, {@code val_accuracy}, ...) to values. */
public interface Callback {
    default void onTrainBegin(TrainingContext context) {
    }

    default void onEpochBegin(TrainingContext context, int epoch) {
    }

    /** Before each optimizer step; schedules set the learning rate here. */
    default void onBatchBegin(TrainingContext context, long step) {
    }

    default void onBatchEnd(TrainingContext context, long step, int batchSize, double loss) {
    }

    default void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> logs) {
    }

    default void onTrainEnd(TrainingContext context) {
    }
}
