package dev.neurite.apps.bench;

import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.data.Batch;
import dev.neurite.api.data.DataLoader;
import dev.neurite.api.data.Epoch;
import dev.neurite.api.data.InMemoryDataset;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Loss;
import dev.neurite.api.nn.Optimizer;

import java.util.Iterator;
import java.util.SplittableRandom;

/**
 * Neurite's side of a benchmark: the same loop as the PyTorch script (shuffled batches of random 28x28 images,
 * forward, loss, backward, optimizer step, loss read back), timed after a warm-up.
 */
public final class TrainingBench {
    private static final int EXAMPLES = 60_000;

    /** Samples per second and milliseconds per step. */
    public record Result(double samplesPerSecond, double msPerStep) {
    }

    private TrainingBench() {
    }

    public static InMemoryDataset randomImages(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[EXAMPLES * 784];
        long[] y = new long[EXAMPLES];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = r.nextInt(10);
        }
        return new InMemoryDataset(x, Shape.of(1, 28, 28), y, 10);
    }

    public static Result train(Layer model, Loss loss, Optimizer optimizer, InMemoryDataset data, int batch, int steps, int warmup) {
        model.train(true);
        return time(data, batch, steps, warmup, b -> {
            Tensor l = loss.compute(model.forward(b.features()), b.labels());
            optimizer.zeroGrad();
            l.backward();
            optimizer.step();
            return l.item();
        });
    }

    public static Result infer(Layer model, InMemoryDataset data, int batch, int steps, int warmup) {
        model.eval();
        return time(data, batch, steps, warmup, b -> {
            try (GradMode.Guard g = GradMode.noGrad()) {
                return model.forward(b.features()).sum().item();
            }
        });
    }

    private interface Step {
        double run(Batch batch);
    }

    private static Result time(InMemoryDataset data, int batch, int steps, int warmup, Step step) {
        try (DataLoader loader = DataLoader.builder(data).batchSize(batch).shuffle(1).dropLast(true).build()) {
            Batches batches = new Batches(loader);
            for (int i = 0; i < warmup; i++) {
                runOne(batches, step);
            }
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                runOne(batches, step);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            batches.close();
            return new Result(steps * (double) batch / seconds, 1000 * seconds / steps);
        }
    }

    private static void runOne(Batches batches, Step step) {
        try (MemoryScope scope = MemoryScope.open()) {
            step.run(batches.next());
        }
    }

    /** Endless batches, epoch after epoch. */
    private static final class Batches implements AutoCloseable {
        private final DataLoader loader;
        private int epoch;
        private Epoch<Batch> current;
        private Iterator<Batch> it;

        Batches(DataLoader loader) {
            this.loader = loader;
        }

        Batch next() {
            if (it == null || !it.hasNext()) {
                current = loader.epoch(epoch++);
                it = current.iterator();
            }
            return it.next();
        }

        @Override
        public void close() {
            if (current != null) {
                current.close();
            }
        }
    }
}
