package dev.neurite.layers.loss;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Loss;

/**
 * Validation, reduction and config shared by the standard losses. Subclasses compute the unreduced loss (one value
 * per element, or per sample for class-indexed losses) from inputs that have already been checked.
 */
public abstract class AbstractLoss implements Loss {
    private final String typeId;
    private final Reduction reduction;

    protected AbstractLoss(String typeId, Reduction reduction) {
        this.typeId = typeId;
        this.reduction = reduction;
    }

    protected static Reduction reduction(Config config) {
        return Reduction.fromId(config.getString("reduction", Reduction.MEAN.id()));
    }

    public Reduction reduction() {
        return reduction;
    }

    @Override
    public final Tensor compute(Tensor predictions, Tensor targets) {
        if (!predictions.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(typeId + ": predictions must be floating point, got " + predictions.dtype()
                    + " of shape " + predictions.shape());
        }
        return reduction.apply(unreduced(predictions, targets));
    }

    /** The loss before reduction; {@code predictions} is known to be floating point. */
    protected abstract Tensor unreduced(Tensor predictions, Tensor targets);

    /** Floating-point targets of exactly the predictions' shape, cast to the predictions' dtype. */
    protected Tensor matchingTargets(Tensor predictions, Tensor targets) {
        if (!targets.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(typeId + ": targets must be floating point, got " + targets.dtype()
                    + " (predictions " + predictions.shape() + ", targets " + targets.shape() + "); cast them first");
        }
        if (!targets.shape().equals(predictions.shape())) {
            throw new IllegalArgumentException(typeId + ": predictions of shape " + predictions.shape()
                    + " and targets of shape " + targets.shape() + " must have the same shape");
        }
        return targets.cast(predictions.dtype());
    }

    /**
     * Int64 class indices for scores {@code [..., C]}: shape {@code [...]}, every index in {@code [0, C)}. An
     * out-of-range label would otherwise silently select nothing.
     */
    protected Tensor classTargets(Tensor scores, Tensor targets) {
        if (targets.dtype() != DType.INT64 && targets.dtype() != DType.INT32) {
            throw new IllegalArgumentException(typeId + ": targets must be int64 class indices, got " + targets.dtype()
                    + " of shape " + targets.shape() + " (predictions " + scores.shape() + ")");
        }
        Shape expected = scores.rank() == 0 ? null : scores.shape().sub(0, scores.rank() - 1);
        if (expected == null || !targets.shape().equals(expected)) {
            throw new IllegalArgumentException(typeId + ": predictions of shape " + scores.shape()
                    + " need class-index targets of shape " + (expected == null ? "[..]" : expected)
                    + " (classes on the last axis), got targets of shape " + targets.shape());
        }
        long classes = scores.size(-1);
        for (long label : targets.toLongArray()) {
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException(typeId + ": target class " + label + " is out of range for "
                        + classes + " classes (predictions " + scores.shape() + ")");
            }
        }
        return targets.cast(DType.INT64);
    }

    /** A float one-hot encoding of class indices in the dtype of {@code like}. */
    protected static Tensor oneHot(Tensor labels, long classes, Tensor like) {
        return labels.oneHot(Math.toIntExact(classes)).cast(like.dtype());
    }

    @Override
    public String typeId() {
        return typeId;
    }

    /** The reduction plus whatever {@link #addConfig} adds. */
    @Override
    public final Config config() {
        Config c = Config.empty().with("reduction", reduction.id());
        addConfig(c);
        return c;
    }

    /** Subclasses with settings put them here. */
    protected void addConfig(Config config) {
    }

    @Override
    public String toString() {
        return typeId + config();
    }
}
