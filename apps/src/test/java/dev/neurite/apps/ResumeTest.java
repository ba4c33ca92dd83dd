package dev.neurite.apps;

import dev.neurite.api.data.InMemoryDataset;
import dev.neurite.api.data.SyntheticImages;
import dev.neurite.api.io.Checkpoint;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Optimizer;
import dev.neurite.api.train.Callback;
import dev.neurite.api.train.History;
import dev.neurite.api.train.LearningRateScheduler;
import dev.neurite.api.train.Metric;
import dev.neurite.api.train.ModelCheckpoint;
import dev.neurite.api.train.Trainer;
import dev.neurite.api.train.TrainingContext;
import dev.neurite.apps.models.Models;
import dev.neurite.layers.loss.SparseCategoricalCrossEntropy;
import dev.neurite.layers.optim.Adam;
import dev.neurite.layers.schedule.StepDecay;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run interrupted after an epoch and resumed from its {@link ModelCheckpoint} ends where the uninterrupted run
 * ends, bit for bit.
 *
 * <p>Why bit for bit and not to a tolerance: on the cpu backend the same training run repeated in one process (and,
 * measured, in separate processes) gives bit-identical weights, since every kernel it uses (oneDNN matmul,
 * reductions, the fused Adam update) is deterministic for a fixed shape and thread count, and the data order depends
 * only on the seed and the epoch. {@link #trainingIsRepeatableBitForBit} checks that premise, so if a backend ever
 * becomes nondeterministic that test fails too and says so, rather than the resume test alone looking broken.
 */
class ResumeTest {
    private static final long MODEL_SEED = 11;
    private static final long SHUFFLE_SEED = 5;
    private static final int BATCH = 64;

    private static InMemoryDataset train;

    @BeforeAll
    static void data() {
        train = SyntheticImages.generate(2_048, 21); // 32 steps an epoch
    }

    private static Trainer trainer(Layer model, Optimizer optimizer, int epochs, Callback... callbacks) {
        return Trainer.builder(model, new SparseCategoricalCrossEntropy(), optimizer)
                .epochs(epochs).batchSize(BATCH).seed(SHUFFLE_SEED).metrics(Metric.accuracy()).callbacks(callbacks).build();
    }

    private static Map<String, float[]> uninterruptedTwoEpochs(Path checkpoints) {
        Layer model = Models.mlp(MODEL_SEED);
        Callback[] callbacks = checkpoints == null ? new Callback[0] : new Callback[]{new ModelCheckpoint(checkpoints)};
        trainer(model, new Adam(model.parameters(), 1e-3), 2, callbacks).fit(train);
        return TestModels.snapshot(model);
    }

    @Test
    void trainingIsRepeatableBitForBit() {
        TestModels.assertBitIdentical(uninterruptedTwoEpochs(null), uninterruptedTwoEpochs(null),
                "two identical 2-epoch runs in one process");
    }

    @Test
    void resumingFromTheEpochOneCheckpointEndsWithTheUninterruptedWeights(@TempDir Path tmp) throws Exception {
        Path full = tmp.resolve("full");
        Map<String, float[]> uninterrupted = uninterruptedTwoEpochs(full);

        // The checkpoint the uninterrupted run left after its last epoch holds exactly its final weights.
        Checkpoint.Loaded last = Checkpoint.load(full);
        assertArrayEquals(new long[]{2, 64}, ModelCheckpoint.resumePoint(last.training()));
        TestModels.assertBitIdentical(uninterrupted, TestModels.snapshot(last.model()), "ModelCheckpoint after epoch 2");

        // Epoch 1 only, checkpointed...
        Path interrupted = tmp.resolve("interrupted");
        Layer first = Models.mlp(MODEL_SEED);
        trainer(first, new Adam(first.parameters(), 1e-3), 1, new ModelCheckpoint(interrupted)).fit(train);

        // ...then, as a new process would: load, and continue for the second epoch.
        Checkpoint.Loaded loaded = Checkpoint.load(interrupted);
        assertNotNull(loaded.optimizer(), "ModelCheckpoint saves the optimizer");
        assertNotNull(loaded.loss(), "ModelCheckpoint saves the loss");
        long[] position = ModelCheckpoint.resumePoint(loaded.training());
        assertArrayEquals(new long[]{1, 32}, position);
        Trainer resumed = Trainer.builder(loaded.model(), loaded.loss(), loaded.optimizer())
                .epochs(2).batchSize(BATCH).seed(SHUFFLE_SEED).metrics(Metric.accuracy()).build();
        History history = resumed.fit(train, null, (int) position[0], position[1]);

        assertEquals(1, history.size(), "only the second epoch runs");
        TestModels.assertBitIdentical(uninterrupted, TestModels.snapshot(loaded.model()), "resumed run vs uninterrupted run");
    }

    @Test
    void aLoadedCheckpointReproducesTheModelsOutputsBitForBit(@TempDir Path tmp) throws Exception {
        Layer model = Models.mlp(MODEL_SEED);
        Adam adam = new Adam(model.parameters(), 1e-3);
        trainer(model, adam, 1).fit(SyntheticImages.generate(1_024, 22));
        Checkpoint.save(tmp, model, adam, new SparseCategoricalCrossEntropy(), Map.of());

        Layer loaded = Checkpoint.load(tmp).model();

        model.eval();
        loaded.eval();
        InMemoryDataset probe = SyntheticImages.generate(256, 23);
        float[] x = TestModels.features(probe, 0, 256);
        float[] expected = TestModels.infer(model, x, 256, 1, 28, 28);
        float[] actual = TestModels.infer(loaded, x, 256, 1, 28, 28);
        assertEquals(256 * 10, expected.length);
        assertTrue(Arrays.equals(expected, actual), "outputs of the reloaded model differ from the saved model's");
        TestModels.assertBitIdentical(TestModels.snapshot(model), TestModels.snapshot(loaded), "reloaded weights");
    }

    /**
     * {@link Trainer#fit(dev.neurite.api.data.Dataset, dev.neurite.api.data.Dataset, int, long)} promises a resumed run
     * "the same shuffles, the same schedule". A learning-rate schedule scales the base rate, which the Trainer takes
     * from the optimizer when fit starts; a restored optimizer carries the last scheduled rate, not the base one.
     */
    @Test
    void resumingUnderAScheduleContinuesTheSchedule(@TempDir Path tmp) throws Exception {
        InMemoryDataset small = SyntheticImages.generate(1_024, 24); // 16 steps an epoch
        StepDecay halvedEachEpoch = new StepDecay(1, 0.5);

        Layer model = Models.mlp(MODEL_SEED);
        RateRecorder uninterruptedRates = new RateRecorder();
        trainer(model, new Adam(model.parameters(), 1e-3), 3, new LearningRateScheduler(halvedEachEpoch), uninterruptedRates)
                .fit(small);

        Path dir = tmp.resolve("after-2");
        Layer first = Models.mlp(MODEL_SEED);
        trainer(first, new Adam(first.parameters(), 1e-3), 2, new LearningRateScheduler(halvedEachEpoch), new ModelCheckpoint(dir))
                .fit(small);
        Checkpoint.Loaded loaded = Checkpoint.load(dir);
        long[] position = ModelCheckpoint.resumePoint(loaded.training());
        RateRecorder resumedRates = new RateRecorder();
        Trainer.builder(loaded.model(), loaded.loss(), loaded.optimizer()).epochs(3).batchSize(BATCH).seed(SHUFFLE_SEED)
                .metrics(Metric.accuracy()).callbacks(new LearningRateScheduler(halvedEachEpoch), resumedRates).build()
                .fit(small, null, (int) position[0], position[1]);

        assertEquals(List.of(32L, 47L), List.of(resumedRates.steps.get(0), resumedRates.steps.get(15)));
        double[] expectedThirdEpoch = uninterruptedRates.rates.subList(32, 48).stream().mapToDouble(Double::doubleValue).toArray();
        assertEquals(2.5e-4, expectedThirdEpoch[0], 1e-18, "1e-3 halved twice");
        assertArrayEquals(expectedThirdEpoch, resumedRates.rates.stream().mapToDouble(Double::doubleValue).toArray(), 1e-18,
                "learning rates of the resumed third epoch");
        TestModels.assertBitIdentical(TestModels.snapshot(model), TestModels.snapshot(loaded.model()),
                "resumed scheduled run vs uninterrupted run");
    }

    /** Records the learning rate each step used. */
    private static final class RateRecorder implements Callback {
        final List<Long> steps = new ArrayList<>();
        final List<Double> rates = new ArrayList<>();

        @Override
        public void onBatchEnd(TrainingContext context, long step, int batchSize, double loss) {
            steps.add(step);
            rates.add(context.optimizer().learningRate());
        }
    }
}
