package dev.neurite.generative.vae;

import dev.neurite.api.Generator;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.data.Batch;
import dev.neurite.api.data.DataLoader;
import dev.neurite.api.data.Dataset;
import dev.neurite.api.nn.Optimizer;
import dev.neurite.generative.TrainingLoop;

import java.util.List;
import java.util.function.IntConsumer;

/** Minimises a {@link Vae}'s negative ELBO over a dataset's images and evaluates it with fixed noise. */
public final class VaeTrainer {
    private final Vae model;
    private final Optimizer optimizer;
    private final Generator noise;

    public VaeTrainer(Vae model, Optimizer optimizer, long seed) {
        this.model = model;
        this.optimizer = optimizer;
        this.noise = new Generator(seed);
    }

    /** One step on a batch; returns the negative ELBO. */
    public double step(Tensor x) {
        model.train(true);
        Tensor l = model.loss(x, noise).loss();
        double value = l.item();
        l.backward();
        optimizer.step();
        optimizer.zeroGrad();
        return value;
    }

    public List<Double> fit(Dataset data, int epochs, int batchSize, long seed, long maxSteps, IntConsumer onEpoch) {
        return TrainingLoop.run(data, batchSize, seed, epochs, maxSteps, (x, s) -> step(x), onEpoch);
    }

    /** The mean negative ELBO and its terms over {@code data}, one sample of z per example drawn from {@code seed}. */
    public double[] evaluate(Dataset data, long seed) {
        boolean wasTraining = model.isTraining();
        model.eval();
        Generator g = new Generator(seed);
        double[] sums = new double[3];
        long n = 0;
        try (GradMode.Guard guard = GradMode.noGrad(); DataLoader loader = DataLoader.builder(data).batchSize(256).build()) {
            for (Batch b : loader.epoch(0)) {
                try (MemoryScope scope = MemoryScope.open()) {
                    Vae.Terms t = model.loss(b.features(), g);
                    sums[0] += t.loss().item() * b.size();
                    sums[1] += t.reconstruction().item() * b.size();
                    sums[2] += t.kl().item() * b.size();
                    n += b.size();
                }
            }
        } finally {
            model.train(wasTraining);
        }
        return new double[]{sums[0] / n, sums[1] / n, sums[2] / n};
    }
}
