package dev.neurite.api.train;

import dev.neurite.api.io.Checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves model, optimizer and training position after every epoch (or only when {@code monitor} improves), so a
 * crashed or interrupted run resumes with {@link Trainer#fit(dev.neurite.api.data.Dataset,
 * dev.neurite.api.data.Dataset, int, long)} from {@link #resumePoint}. Each file is written atomically and the
 * index listing their checksums last, so a save interrupted midway is reported by {@code Checkpoint.load}, never
 * loaded as a silently mixed model.
 */
public final class ModelCheckpoint implements Callback {
    public static final String EPOCHS_DONE = "epochs_completed";
    public static final String STEPS_DONE = "steps_completed";

    private final Path dir;
    private final String monitor;
    private double best = Double.NaN;
    private Map<String, Object> lastSaved = Map.of();

    /** Saves after every epoch. */
    public ModelCheckpoint(Path dir) {
        this(dir, null);
    }

    /** Saves only when {@code monitor} improves (lower is better unless its name contains "acc"). */
    public ModelCheckpoint(Path dir, String monitor) {
        this.dir = dir;
        this.monitor = monitor;
    }

    @Override
    public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> logs) {
        if (monitor != null) {
            Double value = logs.get(monitor);
            if (value == null) {
                throw new IllegalArgumentException("ModelCheckpoint: metric '" + monitor + "' is not logged; available: " + logs.keySet());
            }
            boolean higherIsBetter = monitor.contains("acc");
            if (!Double.isNaN(best) && (higherIsBetter ? value <= best : value >= best)) {
                return;
            }
            best = value;
        }
        Map<String, Object> training = new LinkedHashMap<>();
        training.put(EPOCHS_DONE, epoch + 1);
        training.put(STEPS_DONE, context.step());
        training.put("learning_rate", context.optimizer().learningRate());
        List<Object> history = new ArrayList<>(context.history().epochs());
        training.put("history", history);
        try {
            Checkpoint.save(dir, context.model(), context.optimizer(), context.loss(), training);
            lastSaved = Collections.unmodifiableMap(training);
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: could not save to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The training state of the last save (position, rate, history), empty before the first. */
    public Map<String, Object> lastSaved() {
        return lastSaved;
    }

    /** {@code {epochs completed, steps completed}} recorded in a loaded checkpoint's training state. */
    public static long[] resumePoint(Map<String, Object> training) {
        Object epochs = training.get(EPOCHS_DONE);
        Object steps = training.get(STEPS_DONE);
        if (!(epochs instanceof Number e) || !(steps instanceof Number s)) {
            throw new IllegalArgumentException("checkpoint has no training position (" + EPOCHS_DONE + ", " + STEPS_DONE
                    + "); it was not written by ModelCheckpoint");
        }
        return new long[]{e.longValue(), s.longValue()};
    }
}
