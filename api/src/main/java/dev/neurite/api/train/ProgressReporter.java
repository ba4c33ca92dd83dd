package dev.neurite.api.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Shows progress: on a terminal, a bar redrawn in place with ETA, running loss and throughput; otherwise one
 * plain line per epoch, so logs stay readable.
 */
public final class ProgressReporter implements Callback {
    private static final int BAR_WIDTH = 28;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private long epochStart;
    private long lastDraw;
    private long samples;
    private double lossSum;
    private long batches;

    public ProgressReporter(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Bar when standard output is a console, plain lines otherwise. */
    public static ProgressReporter auto() {
        return new ProgressReporter(System.out, System.console() != null);
    }

    @Override
    public void onEpochBegin(TrainingContext context, int epoch) {
        epochStart = System.nanoTime();
        lastDraw = 0;
        samples = 0;
        lossSum = 0;
        batches = 0;
    }

    @Override
    public void onBatchEnd(TrainingContext context, long step, int batchSize, double loss) {
        samples += batchSize;
        lossSum += loss;
        batches++;
        long now = System.nanoTime();
        if (!terminal || now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        long total = context.stepsPerEpoch();
        double seconds = (now - epochStart) / 1e9;
        double eta = batches == 0 ? 0 : seconds / batches * (total - batches);
        int filled = (int) (BAR_WIDTH * batches / Math.max(1, total));
        out.printf(Locale.ROOT, "\rEpoch %d/%d [%s%s] %d/%d  loss %.4f  %,.0f samples/s  ETA %s   ",
                context.epoch() + 1, context.epochs(), "=".repeat(filled), " ".repeat(BAR_WIDTH - filled), batches, total,
                lossSum / batches, samples / Math.max(1e-9, seconds), duration(eta));
        out.flush();
    }

    @Override
    public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> logs) {
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        String metrics = logs.entrySet().stream()
                .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%.4f", e.getValue()))
                .collect(Collectors.joining("  "));
        out.printf(Locale.ROOT, "%sEpoch %d/%d  %s  (%.1fs, %,.0f samples/s)%n", terminal ? "\r" : "", epoch + 1,
                context.epochs(), metrics, seconds, samples / Math.max(1e-9, seconds));
        out.flush();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
