package dev.neurite.api.train;

import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Loss;
import dev.neurite.api.nn.Optimizer;

/** What callbacks see of a running training: the model, its optimizer, progress, and a way to stop. */
public final class TrainingContext {
    private final Layer model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final int epochs;
    private final long stepsPerEpoch;
    private final History history;
    private final double baseLearningRate;
    private int epoch;
    private long step;
    private boolean stopRequested;

    TrainingContext(Layer model, Loss loss, Optimizer optimizer, int epochs, long stepsPerEpoch, History history) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.epochs = epochs;
        this.stepsPerEpoch = stepsPerEpoch;
        this.history = history;
        this.baseLearningRate = optimizer.initialLearningRate();
    }

    public Layer model() {
        return model;
    }

    public Loss loss() {
        return loss;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public int epochs() {
        return epochs;
    }

    public long stepsPerEpoch() {
        return stepsPerEpoch;
    }

    public History history() {
        return history;
    }

    /** The optimizer's initial learning rate, which schedules scale (also after a resume). */
    public double baseLearningRate() {
        return baseLearningRate;
    }

    /** Zero-based current epoch. */
    public int epoch() {
        return epoch;
    }

    /** Optimizer steps taken so far, over all epochs (including those before a resume). */
    public long step() {
        return step;
    }

    void position(int epoch, long step) {
        this.epoch = epoch;
        this.step = step;
    }

    /** Ends training after the current epoch (early stopping). */
    public void requestStop() {
        stopRequested = true;
    }

    public boolean stopRequested() {
        return stopRequested;
    }
}
