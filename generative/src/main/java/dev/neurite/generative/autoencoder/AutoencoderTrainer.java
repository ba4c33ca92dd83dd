package dev.neurite.generative.autoencoder;

import dev.neurite.api.Generator;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.data.Batch;
import dev.neurite.api.data.DataLoader;
import dev.neurite.api.data.Dataset;
import dev.neurite.api.nn.Optimizer;
import dev.neurite.generative.TrainingLoop;
import dev.neurite.layers.loss.BinaryCrossEntropyWithLogits;

import java.util.List;
import java.util.function.IntConsumer;

/**
 * Trains an {@link Autoencoder} to reconstruct clean images from {@link Corruption corrupted} ones with per-pixel
 * binary cross-entropy on the logits, and measures the reconstruction's mean squared error.
 */
public final class AutoencoderTrainer {
    private final Autoencoder model;
    private final Optimizer optimizer;
    private final Corruption corruption;
    private final Generator noise;
    private final BinaryCrossEntropyWithLogits loss = new BinaryCrossEntropyWithLogits();

    public AutoencoderTrainer(Autoencoder model, Optimizer optimizer, Corruption corruption, long seed) {
        this.model = model;
        this.optimizer = optimizer;
        this.corruption = corruption;
        this.noise = new Generator(seed);
    }

    /** One step on a batch of clean images; returns the loss. */
    public double step(Tensor clean) {
        model.train(true);
        Tensor target = model.flat(clean);
        Tensor l = loss.compute(model.forward(corruption.apply(clean, noise.nextSeed())), target);
        double value = l.item();
        l.backward();
        optimizer.step();
        optimizer.zeroGrad();
        return value;
    }

    /** Epochs over {@code data}'s images; the mean loss of each epoch. */
    public List<Double> fit(Dataset data, int epochs, int batchSize, long seed, long maxSteps, IntConsumer onEpoch) {
        return TrainingLoop.run(data, batchSize, seed, epochs, maxSteps, (x, s) -> step(x), onEpoch);
    }

    /** Mean squared error per pixel between the clean images and the reconstruction of their corrupted copies. */
    public double reconstructionError(Dataset data, Corruption inputNoise, long seed) {
        boolean wasTraining = model.isTraining();
        model.eval();
        Generator g = new Generator(seed);
        double sum = 0;
        long count = 0;
        try (GradMode.Guard guard = GradMode.noGrad(); DataLoader loader = DataLoader.builder(data).batchSize(256).build()) {
            for (Batch b : loader.epoch(0)) {
                try (MemoryScope scope = MemoryScope.open()) {
                    Tensor x = b.features();
                    Tensor r = model.reconstruct(inputNoise.apply(x, g.nextSeed()));
                    sum += r.sub(x).square().sum().item();
                    count += x.numel();
                }
            }
        } finally {
            model.train(wasTraining);
        }
        return sum / count;
    }
}
