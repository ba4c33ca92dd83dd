package dev.neurite.api.train;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Shows progress: on a terminal, a bar redrawn in place with ETA, running loss and throughput; otherwise plain
 * lines that logs keep readable: one per epoch, and, if asked, one every so often within an epoch with the same ETA,
 * loss and throughput.
 */
public final class ProgressReporter implements Callback {
    private static final int BAR_WIDTH = 28;
    private static final long REDRAW_NANOS = 100_000_000L;

    /** How often {@link #auto()} writes a plain line within an epoch when the output is not a terminal. */
    public static final Duration PLAIN_INTERVAL = Duration.ofSeconds(10);

    private final PrintStream out;
    private final boolean terminal;
    private final long plainEveryNanos;
    private long epochStart;
    private long lastDraw;
    private long samples;
    private double lossSum;
    private long batches;

    /** A bar on a terminal, else one plain line per epoch. */
    public ProgressReporter(PrintStream out, boolean terminal) {
        this(out, terminal, null);
    }

    /**
     * A bar on a terminal; else one plain line per epoch plus, when {@code plainEvery} is not null, a line within the
     * epoch whenever that much time has passed since the last one ({@link Duration#ZERO}: after every batch).
     */
    public ProgressReporter(PrintStream out, boolean terminal, Duration plainEvery) {
        if (plainEvery != null && plainEvery.isNegative()) {
            throw new IllegalArgumentException("progress: expected a non-negative interval, got " + plainEvery);
        }
        this.out = out;
        this.terminal = terminal;
        this.plainEveryNanos = plainEvery == null ? Long.MAX_VALUE : plainEvery.toNanos();
    }

    /** Bar when standard output is a console, plain lines otherwise (every {@link #PLAIN_INTERVAL} within an epoch). */
    public static ProgressReporter auto() {
        return new ProgressReporter(System.out, System.console() != null, PLAIN_INTERVAL);
    }

    @Override
    public void onEpochBegin(TrainingContext context, int epoch) {
        epochStart = System.nanoTime();
        lastDraw = terminal ? 0 : epochStart;
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
        long total = context.stepsPerEpoch();
        double seconds = (now - epochStart) / 1e9;
        double eta = batches == 0 ? 0 : seconds / batches * (total - batches);
        if (!terminal) {
            if (plainEveryNanos != Long.MAX_VALUE && now - lastDraw >= plainEveryNanos && batches < total) {
                lastDraw = now;
                out.printf(Locale.ROOT, "Epoch %d/%d  step %d/%d  loss %.4f  %,.0f samples/s  ETA %s%n",
                        context.epoch() + 1, context.epochs(), batches, total, lossSum / batches,
                        samples / Math.max(1e-9, seconds), duration(eta));
                out.flush();
            }
            return;
        }
        if (now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
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
