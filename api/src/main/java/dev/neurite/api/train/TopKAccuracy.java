package dev.neurite.api.train;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;

/** Top-k accuracy for class scores [B, C] and int64 labels [B]; top-1 is plain accuracy. */
public final class TopKAccuracy implements Metric {
    private final int k;
    private long correct;
    private long total;

    public TopKAccuracy(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("top-k accuracy: k must be >= 1, got " + k);
        }
        this.k = k;
    }

    @Override
    public String name() {
        return k == 1 ? "accuracy" : "top" + k;
    }

    @Override
    public void reset() {
        correct = 0;
        total = 0;
    }

    @Override
    public void update(Tensor predictions, Tensor targets) {
        if (predictions.rank() != 2 || targets.rank() != 1 || targets.size(0) != predictions.size(0)) {
            throw new IllegalArgumentException(name() + ": expected scores [B, C] and labels [B], got " + predictions.shape()
                    + " and " + targets.shape());
        }
        try (GradMode.Guard g = GradMode.noGrad()) {
            if (k == 1) {
                correct += (long) predictions.argmax(1).eq(targets).cast(DType.FLOAT32).sum().item();
            } else {
                // A label is in the top k when fewer than k classes score strictly higher than it.
                Tensor p = predictions.detach();
                Tensor trueScore = p.mul(targets.oneHot((int) p.size(1)).cast(p.dtype())).sum(1, true);
                Tensor higher = p.gt(trueScore).cast(DType.FLOAT32).sum(1, false);
                correct += (long) higher.lt(k).cast(DType.FLOAT32).sum().item();
            }
        }
        total += predictions.size(0);
    }

    @Override
    public double result() {
        return total == 0 ? Double.NaN : (double) correct / total;
    }
}
