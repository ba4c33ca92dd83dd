package dev.neurite.api.train;

import dev.neurite.api.nn.LearningRateSchedule;

/** Sets the optimizer's learning rate from a schedule before every step. */
public final class LearningRateScheduler implements Callback {
    private final LearningRateSchedule schedule;

    public LearningRateScheduler(LearningRateSchedule schedule) {
        this.schedule = schedule;
    }

    @Override
    public void onBatchBegin(TrainingContext context, long step) {
        context.optimizer().setLearningRate(schedule.rate(context.baseLearningRate(), context.epoch(), step));
    }
}
