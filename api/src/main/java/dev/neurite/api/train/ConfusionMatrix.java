package dev.neurite.api.train;

import dev.neurite.api.Tensor;

import java.util.List;
import java.util.Locale;

/**
 * Counts of (true class, predicted class) pairs; its result is the accuracy (the trace over the total). From the
 * counts come per-class precision, recall and F1 and their macro, micro and weighted averages.
 *
 * <p>A ratio whose denominator is zero (precision of a class never predicted, recall of a class that never occurs)
 * is 0, like scikit-learn's {@code zero_division=0}; an F1 with precision and recall both 0 is 0. The macro average
 * runs over the classes that occur as a label or a prediction, as scikit-learn's does when it is not given
 * {@code labels}, so a class absent from the evaluation data does not pull it down. In single-label classification
 * the micro averages of precision, recall and F1 all equal the accuracy.
 */
public final class ConfusionMatrix implements Metric {
    /** How per-class scores become one number. */
    public enum Average {
        /** The unweighted mean over the classes that occur (as a label or a prediction). */
        MACRO,
        /** From the counts summed over classes (total true positives over total predictions or labels). */
        MICRO,
        /** The mean over classes weighted by their support (how often each is the true class). */
        WEIGHTED
    }

    private final long[][] counts;

    public ConfusionMatrix(int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("confusion matrix: expected at least 1 class, got " + classes);
        }
        this.counts = new long[classes][classes];
    }

    /** A matrix with the given {@code counts[actual][predicted]} (copied), e.g. to score predictions made elsewhere. */
    public static ConfusionMatrix of(long[][] counts) {
        ConfusionMatrix m = new ConfusionMatrix(counts.length);
        for (int i = 0; i < counts.length; i++) {
            if (counts[i].length != counts.length) {
                throw new IllegalArgumentException("confusion matrix: expected a square " + counts.length + "x"
                        + counts.length + " matrix, row " + i + " has " + counts[i].length + " entries");
            }
            for (int j = 0; j < counts.length; j++) {
                if (counts[i][j] < 0) {
                    throw new IllegalArgumentException("confusion matrix: counts must be >= 0, got " + counts[i][j]
                            + " at [" + i + "][" + j + "]");
                }
                m.counts[i][j] = counts[i][j];
            }
        }
        return m;
    }

    public int classes() {
        return counts.length;
    }

    @Override
    public String name() {
        return "confusion";
    }

    @Override
    public void reset() {
        for (long[] row : counts) {
            java.util.Arrays.fill(row, 0);
        }
    }

    @Override
    public void update(Tensor predictions, Tensor targets) {
        if (predictions.rank() != 2 || targets.rank() != 1 || targets.size(0) != predictions.size(0)
                || predictions.size(1) != counts.length) {
            throw new IllegalArgumentException("confusion matrix: expected scores [B, " + counts.length
                    + "] and labels [B], got " + predictions.shape() + " and " + targets.shape());
        }
        update(targets.toLongArray(), predictions.argmax(1).toLongArray());
    }

    /** Adds pairs of true and predicted class indices. */
    public void update(long[] actual, long[] predicted) {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("confusion matrix: expected as many predictions as labels, got "
                    + predicted.length + " and " + actual.length);
        }
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] < 0 || actual[i] >= counts.length || predicted[i] < 0 || predicted[i] >= counts.length) {
                throw new IllegalArgumentException("confusion matrix: classes must be in [0, " + counts.length
                        + "), got label " + actual[i] + " and prediction " + predicted[i] + " at " + i);
            }
        }
        for (int i = 0; i < actual.length; i++) {
            counts[(int) actual[i]][(int) predicted[i]]++;
        }
    }

    @Override
    public double result() {
        long total = total();
        return total == 0 ? Double.NaN : (double) trace() / total;
    }

    /** {@code counts()[actual][predicted]}. */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    public long total() {
        long total = 0;
        for (long[] row : counts) {
            for (long c : row) {
                total += c;
            }
        }
        return total;
    }

    private long trace() {
        long trace = 0;
        for (int i = 0; i < counts.length; i++) {
            trace += counts[i][i];
        }
        return trace;
    }

    /** How often {@code cls} is the true class (its row sum). */
    public long support(int cls) {
        long row = 0;
        for (long c : counts[checked(cls)]) {
            row += c;
        }
        return row;
    }

    /** How often {@code cls} is predicted (its column sum). */
    public long predicted(int cls) {
        checked(cls);
        long col = 0;
        for (long[] row : counts) {
            col += row[cls];
        }
        return col;
    }

    /** Of the examples predicted as {@code cls}, the fraction that are; 0 if it is never predicted. */
    public double precision(int cls) {
        return ratio(counts[checked(cls)][cls], predicted(cls));
    }

    /** Of the examples of class {@code cls}, the fraction predicted as such; 0 if it never occurs. */
    public double recall(int cls) {
        return ratio(counts[checked(cls)][cls], support(cls));
    }

    /** The harmonic mean of precision and recall, {@code 2 TP / (2 TP + FP + FN)}; 0 if both are 0. */
    public double f1(int cls) {
        long tp = counts[checked(cls)][cls];
        return ratio(2 * tp, predicted(cls) + support(cls));
    }

    public double precision(Average average) {
        return average == Average.MICRO ? ratio(trace(), total()) : averaged(average, this::precision);
    }

    public double recall(Average average) {
        return average == Average.MICRO ? ratio(trace(), total()) : averaged(average, this::recall);
    }

    public double f1(Average average) {
        // Micro precision and recall are equal (both trace / total), so their harmonic mean is that number too.
        return average == Average.MICRO ? ratio(trace(), total()) : averaged(average, this::f1);
    }

    private double averaged(Average average, java.util.function.IntToDoubleFunction score) {
        double sum = 0;
        double weights = 0;
        for (int k = 0; k < counts.length; k++) {
            long support = support(k);
            double weight = average == Average.WEIGHTED ? support : support + predicted(k) > 0 ? 1 : 0;
            if (weight > 0) {
                sum += weight * score.applyAsDouble(k);
                weights += weight;
            }
        }
        return weights == 0 ? 0 : sum / weights;
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }

    private int checked(int cls) {
        if (cls < 0 || cls >= counts.length) {
            throw new IllegalArgumentException("confusion matrix: class must be in [0, " + counts.length + "), got " + cls);
        }
        return cls;
    }

    /**
     * A table like scikit-learn's {@code classification_report}: precision, recall, F1 and support per class, then
     * the micro, macro and weighted averages. {@code classNames} label the rows (class indices when null).
     */
    public String report(List<String> classNames) {
        if (classNames != null && classNames.size() != counts.length) {
            throw new IllegalArgumentException("confusion matrix report: expected " + counts.length + " class names, got "
                    + classNames.size());
        }
        int width = "weighted avg".length();
        for (int k = 0; k < counts.length; k++) {
            width = Math.max(width, label(classNames, k).length());
        }
        String row = "%-" + width + "s  %9s  %9s  %9s  %9s%n";
        String numbers = "%-" + width + "s  %9.4f  %9.4f  %9.4f  %9d%n";
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, row, "class", "precision", "recall", "f1", "support"));
        for (int k = 0; k < counts.length; k++) {
            sb.append(String.format(Locale.ROOT, numbers, label(classNames, k), precision(k), recall(k), f1(k), support(k)));
        }
        long total = total();
        sb.append(String.format(Locale.ROOT, numbers, "micro avg", precision(Average.MICRO), recall(Average.MICRO),
                f1(Average.MICRO), total));
        sb.append(String.format(Locale.ROOT, numbers, "macro avg", precision(Average.MACRO), recall(Average.MACRO),
                f1(Average.MACRO), total));
        sb.append(String.format(Locale.ROOT, numbers, "weighted avg", precision(Average.WEIGHTED),
                recall(Average.WEIGHTED), f1(Average.WEIGHTED), total));
        return sb.toString();
    }

    private static String label(List<String> classNames, int k) {
        return classNames == null ? Integer.toString(k) : classNames.get(k);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("actual \\ predicted\n");
        for (long[] row : counts) {
            for (long c : row) {
                sb.append(String.format("%7d", c));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
