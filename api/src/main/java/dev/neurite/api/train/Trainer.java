package dev.neurite.api.train;

import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.data.Batch;
import dev.neurite.api.data.DataLoader;
import dev.neurite.api.data.Dataset;
import dev.neurite.api.data.Epoch;
import dev.neurite.api.data.Transform;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Loss;
import dev.neurite.api.nn.Optimizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras-style training loop: epochs of shuffled mini-batches, a loss, an optimizer, metrics, validation and
 * callbacks. Every step runs in its own {@link MemoryScope}, so native memory stays flat however long it runs.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder(model, new SparseCategoricalCrossEntropy(), new Adam(model.parameters(), 1e-3))
 *         .epochs(5).batchSize(128).seed(42).metrics(Metric.accuracy()).callbacks(ProgressReporter.auto()).build();
 * History history = trainer.fit(train, validation);
 * Map<String, Double> test = trainer.evaluate(testSet);
 * }</pre>
 */
public final class Trainer {
    private final Layer model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final int epochs;
    private final int batchSize;
    private final long seed;
    private final List<Metric> metrics;
    private final List<Callback> callbacks;
    private final Transform augment;

    private Trainer(Builder b) {
        this.model = b.model;
        this.loss = b.loss;
        this.optimizer = b.optimizer;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.metrics = List.copyOf(b.metrics);
        this.callbacks = List.copyOf(b.callbacks);
        this.augment = b.augment;
    }

    public static Builder builder(Layer model, Loss loss, Optimizer optimizer) {
        return new Builder(model, loss, optimizer);
    }

    /** Configures a {@link Trainer}. */
    public static final class Builder {
        private final Layer model;
        private final Loss loss;
        private final Optimizer optimizer;
        private int epochs = 1;
        private int batchSize = 32;
        private long seed = 42;
        private final List<Metric> metrics = new ArrayList<>();
        private final List<Callback> callbacks = new ArrayList<>();
        private Transform augment;

        private Builder(Layer model, Loss loss, Optimizer optimizer) {
            this.model = model;
            this.loss = loss;
            this.optimizer = optimizer;
        }

        public Builder epochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("Trainer: epochs must be >= 1, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("Trainer: batch size must be >= 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Seeds the shuffling; together with the model's own seeds it makes a run reproducible. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder metrics(Metric... metrics) {
            this.metrics.addAll(List.of(metrics));
            return this;
        }

        public Builder callbacks(Callback... callbacks) {
            this.callbacks.addAll(List.of(callbacks));
            return this;
        }

        /**
         * Data augmentation (e.g. {@code new Compose(new RandomCrop(28, 4), new RandomHorizontalFlip())}) applied to
         * the training batches only, never to validation or {@link #evaluate}; seeded from {@link #seed}, the epoch
         * and the batch, so a run stays reproducible. {@code null} (the default) trains on the data as is.
         */
        public Builder augment(Transform augment) {
            this.augment = augment;
            return this;
        }

        public Trainer build() {
            return new Trainer(this);
        }
    }

    public History fit(Dataset train) {
        return fit(train, null, 0, 0);
    }

    public History fit(Dataset train, Dataset validation) {
        return fit(train, validation, 0, 0);
    }

    /**
     * Trains from {@code startEpoch} (zero-based) with {@code startStep} optimizer steps already taken, so a run
     * restored from a checkpoint continues where it stopped: the same shuffles, the same schedule.
     */
    public History fit(Dataset train, Dataset validation, int startEpoch, long startStep) {
        History history = new History();
        try (DataLoader loader = DataLoader.builder(train).batchSize(batchSize).shuffle(seed).transform(augment).build()) {
            TrainingContext ctx = new TrainingContext(model, loss, optimizer, epochs, loader.batchesPerEpoch(), history);
            long step = startStep;
            ctx.position(startEpoch, step);
            callbacks.forEach(c -> c.onTrainBegin(ctx));
            for (int epoch = startEpoch; epoch < epochs && !ctx.stopRequested(); epoch++) {
                ctx.position(epoch, step);
                int e = epoch;
                callbacks.forEach(c -> c.onEpochBegin(ctx, e));
                model.train(true);
                metrics.forEach(Metric::reset);
                double lossSum = 0;
                long seen = 0;
                try (Epoch<Batch> batches = loader.epoch(epoch)) {
                    for (Batch batch : batches) {
                        ctx.position(epoch, step);
                        long s = step;
                        callbacks.forEach(c -> c.onBatchBegin(ctx, s));
                        double l = trainStep(batch, epoch, step);
                        lossSum += l * batch.size();
                        seen += batch.size();
                        step++;
                        ctx.position(epoch, step);
                        callbacks.forEach(c -> c.onBatchEnd(ctx, s, batch.size(), l));
                    }
                }
                Map<String, Double> logs = new LinkedHashMap<>();
                logs.put("loss", lossSum / Math.max(1, seen));
                metrics.forEach(m -> logs.put(m.name(), m.result()));
                if (validation != null) {
                    evaluate(validation).forEach((k, v) -> logs.put("val_" + k, v));
                }
                history.add(logs);
                callbacks.forEach(c -> c.onEpochEnd(ctx, e, logs));
            }
            callbacks.forEach(c -> c.onTrainEnd(ctx));
        }
        return history;
    }

    private double trainStep(Batch batch, int epoch, long step) {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor out = model.forward(batch.features());
            Tensor l = loss.compute(out, batch.labels());
            double value = l.item();
            if (!Double.isFinite(value)) {
                throw new TrainingDivergedException("Trainer: loss is " + value + " at epoch " + (epoch + 1) + ", step " + step
                        + " (" + loss.typeId() + "); lower the learning rate, clip gradients, or check the inputs for NaN");
            }
            l.backward();
            optimizer.step();
            try (GradMode.Guard g = GradMode.noGrad()) {
                for (Metric m : metrics) {
                    m.update(out.detach(), batch.labels());
                }
            }
            // The gradients live in this step's scope: clear them before it releases their memory.
            optimizer.zeroGrad();
            return value;
        }
    }

    /** Loss and metrics over a dataset, in evaluation mode and without recording gradients. */
    public Map<String, Double> evaluate(Dataset data) {
        boolean wasTraining = model.isTraining();
        model.eval();
        metrics.forEach(Metric::reset);
        double lossSum = 0;
        long seen = 0;
        try (GradMode.Guard g = GradMode.noGrad();
             DataLoader loader = DataLoader.builder(data).batchSize(Math.max(batchSize, 256)).build()) {
            for (Batch batch : loader.epoch(0)) { // the loader closes the epoch and its batches
                try (MemoryScope scope = MemoryScope.open()) {
                    Tensor out = model.forward(batch.features());
                    lossSum += loss.compute(out, batch.labels()).item() * batch.size();
                    seen += batch.size();
                    metrics.forEach(m -> m.update(out, batch.labels()));
                }
            }
        } finally {
            model.train(wasTraining);
        }
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", lossSum / Math.max(1, seen));
        metrics.forEach(m -> logs.put(m.name(), m.result()));
        return logs;
    }
}
