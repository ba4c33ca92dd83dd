package dev.neurite.api.train;

import dev.neurite.api.Tensor;

/** Counts of (true class, predicted class) pairs; its result is the accuracy (the trace over the total). */
public final class ConfusionMatrix implements Metric {
    private final long[][] counts;

    public ConfusionMatrix(int classes) {
        this.counts = new long[classes][classes];
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
        long[] predicted = predictions.argmax(1).toLongArray();
        long[] actual = targets.toLongArray();
        for (int i = 0; i < actual.length; i++) {
            counts[(int) actual[i]][(int) predicted[i]]++;
        }
    }

    @Override
    public double result() {
        long trace = 0;
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            for (int j = 0; j < counts.length; j++) {
                total += counts[i][j];
                trace += i == j ? counts[i][j] : 0;
            }
        }
        return total == 0 ? Double.NaN : (double) trace / total;
    }

    /** {@code counts()[actual][predicted]}. */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    public double precision(int cls) {
        long col = 0;
        for (long[] row : counts) {
            col += row[cls];
        }
        return col == 0 ? Double.NaN : (double) counts[cls][cls] / col;
    }

    public double recall(int cls) {
        long row = 0;
        for (long c : counts[cls]) {
            row += c;
        }
        return row == 0 ? Double.NaN : (double) counts[cls][cls] / row;
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
