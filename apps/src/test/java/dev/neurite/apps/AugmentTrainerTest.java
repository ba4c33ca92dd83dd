package dev.neurite.apps;

import dev.neurite.api.data.BatchArrays;
import dev.neurite.api.data.Compose;
import dev.neurite.api.data.InMemoryDataset;
import dev.neurite.api.data.RandomCrop;
import dev.neurite.api.data.RandomHorizontalFlip;
import dev.neurite.api.data.SyntheticImages;
import dev.neurite.api.data.Transform;
import dev.neurite.api.io.Checkpoint;
import dev.neurite.api.nn.Sequential;
import dev.neurite.api.train.History;
import dev.neurite.api.train.Metric;
import dev.neurite.api.train.Trainer;
import dev.neurite.apps.models.Models;
import dev.neurite.layers.loss.SparseCategoricalCrossEntropy;
import dev.neurite.layers.optim.Adam;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Trainer.Builder.augment: applied to training batches only, reproducible for a seed. */
class AugmentTrainerTest {
    private static final InMemoryDataset TRAIN = SyntheticImages.generate(600, 11);
    private static final InMemoryDataset VALIDATION = SyntheticImages.generate(300, 12);

    private static Trainer trainer(Sequential model, Transform augment) {
        return Trainer.builder(model, new SparseCategoricalCrossEntropy(), new Adam(model.parameters(), 1e-3))
                .epochs(2).batchSize(100).seed(7).metrics(Metric.accuracy()).augment(augment).build();
    }

    private static float[] weights(Sequential model) {
        return Checkpoint.weights(model).values().stream().map(t -> t.toFloatArray())
                .reduce(new float[0], (a, b) -> {
                    float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
                    System.arraycopy(b, 0, c, a.length, b.length);
                    return c;
                });
    }

    @Test
    void augmentationSeesEveryTrainingExampleOnceAnEpochAndNeverTheEvaluationData() {
        AtomicInteger examples = new AtomicInteger();
        Transform counting = (BatchArrays batch, dev.neurite.api.Generator random) -> examples.addAndGet(batch.size());
        Sequential model = Models.mlp(3);
        Trainer trainer = trainer(model, counting);

        trainer.fit(TRAIN, VALIDATION);
        assertEquals(2 * TRAIN.size(), examples.get(), "training batches only, validation untouched");

        Map<String, Double> evaluated = trainer.evaluate(VALIDATION);
        assertEquals(2 * TRAIN.size(), examples.get(), "evaluate does not augment");
        assertEquals(evaluated, trainer(model, null).evaluate(VALIDATION), "evaluation is the same with or without augment");
    }

    @Test
    void augmentedTrainingIsReproducibleForASeedAndDiffersFromPlainTraining() {
        Transform augment = new Compose(new RandomCrop(28, 4), new RandomHorizontalFlip());
        Sequential a = Models.mlp(3);
        Sequential b = Models.mlp(3);
        Sequential plain = Models.mlp(3);
        History ha = trainer(a, augment).fit(TRAIN);
        History hb = trainer(b, augment).fit(TRAIN);
        trainer(plain, null).fit(TRAIN);

        assertEquals(ha.last().get("loss"), hb.last().get("loss"), 1e-6);
        assertArrayEquals(weights(a), weights(b), 1e-6f, "same seed, same augmented batches, same weights");
        assertNotEquals(java.util.Arrays.toString(weights(a)), java.util.Arrays.toString(weights(plain)),
                "augmentation changed what the model saw");
    }
}
