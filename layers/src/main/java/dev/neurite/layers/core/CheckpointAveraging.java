package dev.neurite.layers.core;

import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.io.Checkpoint;
import dev.neurite.api.nn.Layer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checkpoint averaging: the element-wise mean of the weights of several checkpoints of one architecture, usually the
 * last few of a training run (as fairseq's {@code average_checkpoints.py} and the Transformer paper, which averaged
 * the last 5 or 20). The average often generalises a little better than any single checkpoint, at no extra cost at
 * inference. Unlike an ensemble it is one model, so it only makes sense for checkpoints close in weight space.
 *
 * <p>Parameters and floating-point buffers (batch-norm running statistics) are averaged; integer buffers (batch
 * counts) are taken from the last checkpoint. The models must have the same type and the same weight names, shapes
 * and dtypes.
 */
public final class CheckpointAveraging {
    private CheckpointAveraging() {
    }

    /** Loads every checkpoint and returns the first one's model holding the averaged weights. */
    public static Layer average(List<Path> checkpoints) throws IOException {
        if (checkpoints.isEmpty()) {
            throw new IllegalArgumentException("checkpoint averaging: expected at least one checkpoint, got none");
        }
        List<Layer> models = new ArrayList<>();
        for (Path p : checkpoints) {
            models.add(Checkpoint.load(p).model());
        }
        Layer into = models.get(0);
        averageInto(into, models, checkpoints.stream().map(Path::toString).toList());
        return into;
    }

    /** Averages {@code checkpoints} and saves the result (model only, no optimizer) as a new checkpoint {@code out}. */
    public static Layer average(List<Path> checkpoints, Path out) throws IOException {
        Layer model = average(checkpoints);
        Checkpoint.save(out, model, null, null, Map.of("averaged_checkpoints", checkpoints.size()));
        return model;
    }

    /** Sets {@code into}'s weights to the mean of {@code models}' ({@code into} may be one of them). */
    public static void averageInto(Layer into, List<Layer> models) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            names.add("model " + i);
        }
        averageInto(into, models, names);
    }

    @SuppressWarnings("try") // the guard only scopes no-grad mode
    private static void averageInto(Layer into, List<Layer> models, List<String> names) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("checkpoint averaging: expected at least one model, got none");
        }
        Map<String, Tensor> target = Checkpoint.weights(into);
        for (int i = 0; i < models.size(); i++) {
            check(into, target, models.get(i), names.get(i));
        }
        Layer last = models.get(models.size() - 1);
        try (GradMode.Guard g = GradMode.noGrad()) {
            for (Map.Entry<String, Tensor> e : target.entrySet()) {
                Tensor t = e.getValue();
                if (!t.dtype().isFloatingPoint()) {
                    t.copyFrom(Checkpoint.weights(last).get(e.getKey()));
                    continue;
                }
                Tensor sum = null;
                for (Layer m : models) {
                    Tensor w = Checkpoint.weights(m).get(e.getKey());
                    sum = sum == null ? w.mul(1) : sum.add(w);
                }
                t.copyFrom(sum.div(models.size()));
            }
        }
    }

    private static void check(Layer into, Map<String, Tensor> target, Layer model, String name) {
        Map<String, Tensor> weights = Checkpoint.weights(model);
        if (!model.typeId().equals(into.typeId()) || !weights.keySet().equals(target.keySet())) {
            throw new IllegalArgumentException("checkpoint averaging: " + name + " holds a '" + model.typeId()
                    + "' with weights " + weights.keySet() + ", expected a '" + into.typeId() + "' with weights "
                    + target.keySet());
        }
        for (Map.Entry<String, Tensor> e : target.entrySet()) {
            Tensor w = weights.get(e.getKey());
            Tensor t = e.getValue();
            if (!w.shape().equals(t.shape()) || w.dtype() != t.dtype()) {
                throw new IllegalArgumentException("checkpoint averaging: " + name + " has '" + e.getKey() + "' of "
                        + w.dtype() + w.shape() + ", expected " + t.dtype() + t.shape());
            }
        }
    }
}
