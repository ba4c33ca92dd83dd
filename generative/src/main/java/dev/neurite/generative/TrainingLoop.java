package dev.neurite.generative;

import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.data.Batch;
import dev.neurite.api.data.DataLoader;
import dev.neurite.api.data.Dataset;
import dev.neurite.api.data.Epoch;
import dev.neurite.api.train.TrainingDivergedException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Epochs of shuffled mini-batches of a dataset's <em>images</em>, one {@link MemoryScope} per step, for models whose
 * objective is not {@code loss(model(x), label)}: the {@link dev.neurite.api.train.Trainer} hands its loss the
 * dataset's labels as targets, while reconstruction compares with the input, a VAE adds a KL term and a GAN takes
 * two optimizer steps per batch. The step does the forward pass, backward pass and updates, and returns its loss.
 */
public final class TrainingLoop {
    /** One optimisation step on a batch of features; returns the loss to report. */
    @FunctionalInterface
    public interface Step {
        double apply(Tensor features, long step);
    }

    private TrainingLoop() {
    }

    /**
     * Runs {@code epochs} epochs (stopping early after {@code maxSteps} steps when it is positive) and returns the
     * mean loss of each epoch, weighted by batch size; {@code onEpoch} hears the finished epoch's index.
     */
    public static List<Double> run(Dataset data, int batchSize, long seed, int epochs, long maxSteps, Step step,
                                   IntConsumer onEpoch) {
        if (epochs < 1) {
            throw new IllegalArgumentException("training loop: epochs must be >= 1, got " + epochs);
        }
        List<Double> losses = new ArrayList<>();
        long steps = 0;
        // A short last batch is dropped: a batch of one would leave batch norm (the DCGAN pair) without statistics.
        try (DataLoader loader = DataLoader.builder(data).batchSize(batchSize).shuffle(seed).dropLast(data.size() > batchSize)
                .build()) {
            for (int epoch = 0; epoch < epochs && (maxSteps <= 0 || steps < maxSteps); epoch++) {
                double sum = 0;
                long seen = 0;
                try (Epoch<Batch> batches = loader.epoch(epoch)) {
                    for (Batch batch : batches) {
                        if (maxSteps > 0 && steps >= maxSteps) {
                            break;
                        }
                        double loss;
                        try (MemoryScope scope = MemoryScope.open()) {
                            loss = step.apply(batch.features(), steps);
                        }
                        if (!Double.isFinite(loss)) {
                            throw new TrainingDivergedException("training loop: loss is " + loss + " at epoch " + (epoch + 1)
                                    + ", step " + steps + "; lower the learning rate or check the inputs for NaN");
                        }
                        sum += loss * batch.size();
                        seen += batch.size();
                        steps++;
                    }
                }
                losses.add(sum / Math.max(1, seen));
                onEpoch.accept(epoch);
            }
        }
        return losses;
    }
}
