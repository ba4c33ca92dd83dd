package dev.neurite.layers.core;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.nn.Sequential;
import dev.neurite.layers.init.Initializers;
import dev.neurite.layers.norm.BatchNorm1d;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MonteCarloDropoutTest {
    private static final Tensor X = Tensor.random(Shape.of(3, 4), DType.FLOAT64, Distribution.NORMAL, 0, 1, 5);

    private static Dense dense(long in, long out, long seed) {
        return new Dense(in, out, true, Initializers.pytorchDefault(), Initializers.pytorchDefault(), DType.FLOAT64, seed);
    }

    /** Linear throughout, so the expected output under dropout is exactly the eval output. */
    private static Sequential linear(double p) {
        return new Sequential(dense(4, 16, 1), new Dropout(p, 2), dense(16, 2, 3));
    }

    private static double maxAbsDifference(Tensor a, Tensor b) {
        return Arrays.stream(a.sub(b).abs().toDoubleArray()).max().orElseThrow();
    }

    @Test
    void withoutDropoutEveryPassIsTheEvalOutput() {
        Sequential model = linear(0);
        MonteCarloDropout.Prediction p = MonteCarloDropout.predict(model, X, 10);
        model.eval();
        assertArrayEquals(model.forward(X).toDoubleArray(), p.mean().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[6], p.variance().toDoubleArray(), 0);
        assertEquals(Shape.of(3, 2), p.variance().shape());
    }

    @Test
    void dropoutGivesPositiveVarianceAndAMeanThatApproachesTheEvalOutput() {
        Sequential model = linear(0.2);
        model.eval();
        Tensor eval = model.forward(X);
        MonteCarloDropout.Prediction few = MonteCarloDropout.predict(model, X, 25);
        MonteCarloDropout.Prediction many = MonteCarloDropout.predict(model, X, 800);
        for (double v : few.variance().toDoubleArray()) {
            assertTrue(v > 0, "variance " + v);
        }
        double errorFew = maxAbsDifference(few.mean(), eval);
        double errorMany = maxAbsDifference(many.mean(), eval);
        assertTrue(errorMany < errorFew, errorMany + " vs " + errorFew);
        // The standard error of an 800-pass mean is about sqrt(var / 800).
        double sd = Math.sqrt(Arrays.stream(many.variance().toDoubleArray()).max().orElseThrow());
        assertTrue(errorMany < 5 * sd / Math.sqrt(800), errorMany + " vs sd " + sd);
        assertFalse(model.isTraining(), "the eval flag is restored");
    }

    @Test
    void varianceMatchesTheSampleOfPasses() {
        // Replaying the same dropout seed by hand gives the same passes, so mean and variance can be recomputed.
        Sequential a = linear(0.5);
        Sequential b = linear(0.5);
        MonteCarloDropout.Prediction p = MonteCarloDropout.predict(a, X, 7);
        double[][] passes = new double[7][];
        b.train(true);
        for (int k = 0; k < 7; k++) {
            passes[k] = b.forward(X).toDoubleArray();
        }
        for (int e = 0; e < 6; e++) {
            double mean = 0;
            for (double[] pass : passes) {
                mean += pass[e] / 7;
            }
            double variance = 0;
            for (double[] pass : passes) {
                variance += (pass[e] - mean) * (pass[e] - mean) / 7;
            }
            assertEquals(mean, p.mean().toDoubleArray()[e], 1e-12);
            assertEquals(variance, p.variance().toDoubleArray()[e], 1e-12);
        }
    }

    @Test
    void batchNormStaysInEvalModeAndFlagsAreRestored() {
        BatchNorm1d norm = new BatchNorm1d(16, 1e-5, 0.1, true, DType.FLOAT64);
        Dropout dropout = new Dropout(0.1, 4);
        Sequential model = new Sequential(dense(4, 16, 1), norm, dropout, dense(16, 2, 3));
        model.train(true);
        double[] runningMean = norm.buffers().get("running_mean").toDoubleArray();
        MonteCarloDropout.predict(model, X, 30);
        assertArrayEquals(runningMean, norm.buffers().get("running_mean").toDoubleArray(), 0, "running stats not updated");
        assertTrue(model.isTraining() && norm.isTraining() && dropout.isTraining(), "training flags restored");

        // With p = 0 the passes are exactly the eval-mode output (running statistics), not the train-mode one.
        Sequential noDrop = new Sequential(dense(4, 16, 1), new BatchNorm1d(16, 1e-5, 0.1, true, DType.FLOAT64),
                new Dropout(0, 4), dense(16, 2, 3));
        MonteCarloDropout.Prediction p = MonteCarloDropout.predict(noDrop, X, 3);
        noDrop.eval();
        assertArrayEquals(noDrop.forward(X).toDoubleArray(), p.mean().toDoubleArray(), 1e-12);
        noDrop.train(true);
        assertTrue(maxAbsDifference(noDrop.forward(X), p.mean()) > 1e-3, "batch statistics would give other values");
    }

    @Test
    void rejectsZeroPasses() {
        assertEquals("mc dropout: passes must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> MonteCarloDropout.predict(linear(0.1), X, 0)).getMessage());
    }
}
