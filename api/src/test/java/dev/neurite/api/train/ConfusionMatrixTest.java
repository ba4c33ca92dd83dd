package dev.neurite.api.train;

import dev.neurite.api.Tensor;
import dev.neurite.api.train.ConfusionMatrix.Average;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Precision, recall and F1 from a hand-built confusion matrix, worked out by hand (scikit-learn's definitions). */
class ConfusionMatrixTest {
    /**
     * Rows are true classes, columns predictions. Class 3 occurs nowhere; class 4 occurs twice and is never predicted.
     * Supports 6, 6, 4, 0, 2; predicted 9, 4, 5, 0, 0; 12 of 18 right.
     */
    private static final long[][] COUNTS = {
            {5, 1, 0, 0, 0},
            {2, 3, 1, 0, 0},
            {0, 0, 4, 0, 0},
            {0, 0, 0, 0, 0},
            {2, 0, 0, 0, 0}};
    private static final double EPS = 1e-12;

    @Test
    void perClassScoresWithZeroDivisionAsZero() {
        ConfusionMatrix m = ConfusionMatrix.of(COUNTS);
        double[] precision = {5 / 9.0, 3 / 4.0, 4 / 5.0, 0, 0};
        double[] recall = {5 / 6.0, 1 / 2.0, 1, 0, 0};
        double[] f1 = {10 / 15.0, 6 / 10.0, 8 / 9.0, 0, 0};
        for (int k = 0; k < 5; k++) {
            assertEquals(precision[k], m.precision(k), EPS, "precision of " + k);
            assertEquals(recall[k], m.recall(k), EPS, "recall of " + k);
            assertEquals(f1[k], m.f1(k), EPS, "f1 of " + k);
        }
        assertEquals(2 * precision[0] * recall[0] / (precision[0] + recall[0]), m.f1(0), EPS, "F1 is the harmonic mean");
        assertEquals(6, m.support(1));
        assertEquals(9, m.predicted(0));
        assertEquals(12 / 18.0, m.result(), EPS);
    }

    @Test
    void macroAveragesTheClassesThatOccurAndWeightedAveragesBySupport() {
        ConfusionMatrix m = ConfusionMatrix.of(COUNTS);
        // class 3 (no label, no prediction) is left out of the macro average; class 4 (never predicted) counts as 0
        assertEquals((5 / 9.0 + 3 / 4.0 + 4 / 5.0 + 0) / 4, m.precision(Average.MACRO), EPS);
        assertEquals((5 / 6.0 + 1 / 2.0 + 1 + 0) / 4, m.recall(Average.MACRO), EPS);
        assertEquals((2 / 3.0 + 3 / 5.0 + 8 / 9.0 + 0) / 4, m.f1(Average.MACRO), EPS);
        assertEquals((6 * 5 / 9.0 + 6 * 3 / 4.0 + 4 * 4 / 5.0) / 18, m.precision(Average.WEIGHTED), EPS);
        assertEquals(12 / 18.0, m.recall(Average.WEIGHTED), EPS, "weighted recall is the accuracy");
        assertEquals((6 * 2 / 3.0 + 6 * 3 / 5.0 + 4 * 8 / 9.0) / 18, m.f1(Average.WEIGHTED), EPS);
        for (double micro : new double[]{m.precision(Average.MICRO), m.recall(Average.MICRO), m.f1(Average.MICRO)}) {
            assertEquals(m.result(), micro, EPS, "micro averages equal the accuracy in single-label classification");
        }
    }

    @Test
    void anEmptyMatrixScoresZeroAndItsAccuracyIsUndefined() {
        ConfusionMatrix m = new ConfusionMatrix(3);
        assertEquals(0, m.precision(Average.MACRO));
        assertEquals(0, m.f1(Average.MICRO));
        assertEquals(0, m.recall(1));
        assertTrue(Double.isNaN(m.result()));
    }

    @Test
    void updatesFromScoresAndLabelsCountArgMaxAgainstTheLabel() {
        ConfusionMatrix m = new ConfusionMatrix(3);
        Tensor scores = Tensor.of(new float[]{
                0.9f, 0.1f, 0, // predicted 0
                0, 2, 1,       // predicted 1
                0, 2, 3,       // predicted 2
                5, 0, 0}, 4, 3);
        m.update(scores, Tensor.ofLongs(new long[]{0, 1, 1, 2}));
        assertArrayEquals(new long[][]{{1, 0, 0}, {0, 1, 1}, {1, 0, 0}}, m.counts());
        m.update(new long[]{2}, new long[]{2});
        assertEquals(1, m.counts()[2][2]);
        m.reset();
        assertEquals(0, m.total());
    }

    @Test
    void reportListsEveryClassAndTheThreeAverages() {
        String report = ConfusionMatrix.of(COUNTS).report(List.of("a", "b", "c", "d", "e"));
        assertTrue(report.lines().anyMatch(l -> l.matches("a\\s+0\\.5556\\s+0\\.8333\\s+0\\.6667\\s+6")), report);
        assertTrue(report.lines().anyMatch(l -> l.matches("e\\s+0\\.0000\\s+0\\.0000\\s+0\\.0000\\s+2")), report);
        assertTrue(report.lines().anyMatch(l -> l.matches("micro avg\\s+0\\.6667\\s+0\\.6667\\s+0\\.6667\\s+18")), report);
        assertTrue(report.contains("macro avg") && report.contains("weighted avg"), report);
        assertEquals(1 + 5 + 3, report.lines().count(), report);
    }

    @Test
    void badInputNamesWhatWasExpected() {
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.of(new long[][]{{1, 2}, {3}}));
        assertTrue(e.getMessage().contains("square 2x2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(3).update(new long[]{3}, new long[]{0}));
        assertTrue(e.getMessage().contains("[0, 3)") && e.getMessage().contains("label 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ConfusionMatrix(3).update(Tensor.zeros(2, 4), Tensor.ofLongs(new long[]{0, 1})));
        assertTrue(e.getMessage().contains("[B, 3]") && e.getMessage().contains("[2, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(COUNTS).precision(5));
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(COUNTS).report(List.of("a")));
    }
}
