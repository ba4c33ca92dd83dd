package dev.neurite.api.train;

import dev.neurite.api.Tensor;

/** A running evaluation metric, accumulated batch by batch over an epoch. */
public interface Metric {
    String name();

    void reset();

    /** Adds one batch of model outputs (e.g. logits [B, C]) and targets (e.g. int64 labels [B]). */
    void update(Tensor predictions, Tensor targets);

    double result();

    /** Fraction of samples whose arg-max prediction equals the int64 label. */
    static Metric accuracy() {
        return new TopKAccuracy(1);
    }

    /** Fraction of samples whose label is among the {@code k} highest-scored classes. */
    static Metric topK(int k) {
        return new TopKAccuracy(k);
    }
}
