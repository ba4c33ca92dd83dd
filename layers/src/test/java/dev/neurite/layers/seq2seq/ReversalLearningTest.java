package dev.neurite.layers.seq2seq;

import dev.neurite.layers.optim.Adam;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both encoder-decoders learn to reverse short sequences (lengths 4-6, vocabulary 10): a quick variant of
 * {@code neurite train reverse}, which trains on lengths 10-20 to 99% token accuracy. Accuracy is that of greedy
 * generation from the model's own outputs, not teacher-forced, on fresh sequences of every length.
 */
class ReversalLearningTest {
    private static final ReversalTask TASK = new ReversalTask(10, 4, 6);

    private static void train(Seq2Seq model, int steps, double lr) {
        Adam adam = new Adam(model.parameters(), lr);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < steps; i++) {
            ReversalTask.Batch b = TASK.batch(32, random);
            TeacherForcing.step(model, b.src(), b.tgtIn(), b.tgtOut(), adam, 1.0);
        }
    }

    @Test
    void transformerLearnsToReverse() {
        TransformerSeq2Seq model = new TransformerSeq2Seq(11, 11, 32, 2, 1, 1, 64, 0, 16, true, 3);
        double before = TASK.tokenAccuracy(model, 32, 2, 99);
        train(model, 400, 3e-3);
        double accuracy = TASK.tokenAccuracy(model, 32, 2, 99);
        System.out.printf("transformer reversal token accuracy %.4f (untrained %.4f)%n", accuracy, before);
        assertTrue(accuracy > 0.95, "token accuracy " + accuracy);
    }

    @Test
    void lstmLearnsToReverse() {
        LstmSeq2Seq model = new LstmSeq2Seq(11, 11, 16, 64, 1, true, 0, 4);
        double before = TASK.tokenAccuracy(model, 32, 2, 99);
        train(model, 300, 1e-2);
        double accuracy = TASK.tokenAccuracy(model, 32, 2, 99);
        System.out.printf("lstm reversal token accuracy %.4f (untrained %.4f)%n", accuracy, before);
        assertTrue(accuracy > 0.95, "token accuracy " + accuracy);
    }
}
