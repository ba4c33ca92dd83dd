package dev.neurite.api.nn;

import dev.neurite.api.Tensor;

import java.util.Map;

/**
 * Updates named parameters in place from their accumulated gradients. Its state (moments, step counts) is a map of
 * named tensors so checkpoints can save and restore it.
 */
public interface Optimizer extends Component {
    /** Applies one update to every parameter that has a gradient. */
    void step();

    /** Clears the gradients of every parameter. */
    void zeroGrad();

    Map<String, Tensor> parameters();

    double learningRate();

    /** Sets the current rate (schedules do this every step); {@link #initialLearningRate()} stays as it was. */
    void setLearningRate(double learningRate);

    /**
     * The rate the optimizer was created with, which schedules scale (PyTorch's {@code initial_lr}). Saved with
     * the optimizer's config, so a resumed run continues its schedule from the same base.
     */
    default double initialLearningRate() {
        return learningRate();
    }

    /** Named state tensors; restoring them with {@link #loadState} continues training exactly. */
    Map<String, Tensor> state();

    void loadState(Map<String, Tensor> state);
}
