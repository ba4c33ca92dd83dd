package dev.neurite.backend.nd4j;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.kernel.SoftmaxCrossEntropyKernel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.same.Max;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Softmax cross-entropy on integer labels, all in native ops on preallocated arrays.
 *
 * <p>The loss is {@code log(sum(exp(z - max))) - (z - max)[label]}, computed here because libnd4j's own loss,
 * log_softmax and reduce_logsumexp ops take the log of an underflowed softmax and return infinity for confident
 * wrong predictions. The gradient {@code softmax - onehot} comes from libnd4j's sparse gradient op, whose softmax
 * is max-shifted and so is stable.
 */
final class Nd4jSoftmaxCrossEntropyKernel implements SoftmaxCrossEntropyKernel {
    private static final String NAME = "SoftmaxCrossEntropyKernel";
    private final Nd4jBackend backend;

    Nd4jSoftmaxCrossEntropyKernel(Nd4jBackend backend) {
        this.backend = backend;
    }

    @Override
    public NdArray[] lossAndGradient(NdArray logits, NdArray labels) {
        Nd4jArray z = backend.arg(NAME, "logits", logits);
        Nd4jArray y = backend.arg(NAME, "labels", labels);
        Shape zs = z.shape();
        if (zs.rank() != 2 || zs.size(1) == 0) {
            throw new IllegalArgumentException(NAME + ": expected logits [batch, classes] with classes >= 1, got " + zs);
        }
        if (!z.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(NAME + ": expected floating-point logits, got " + z.dtype());
        }
        if (!y.shape().equals(Shape.of(zs.size(0)))) {
            throw new IllegalArgumentException(NAME + ": expected labels [" + zs.size(0) + "] for logits " + zs
                    + ", got " + y.shape());
        }
        if (y.dtype() != DType.INT64) {
            throw new IllegalArgumentException(NAME + ": expected int64 class-index labels, got " + y.dtype());
        }
        int batch = Math.toIntExact(zs.size(0));
        long classes = zs.size(1);
        long[] labelValues = backend.toLongs(labels);
        long[][] picks = new long[batch][];
        for (int i = 0; i < batch; i++) {
            if (labelValues[i] < 0 || labelValues[i] >= classes) {
                throw new IllegalArgumentException(NAME + ": label " + labelValues[i] + " at sample " + i
                        + " is out of range for " + classes + " classes (logits " + zs + ")");
            }
            picks[i] = new long[]{i, labelValues[i]};
        }
        DType dtype = z.dtype();
        Shape lossShape = Shape.of(batch);
        Shape column = Shape.of(batch, 1);
        return Nd4jCalls.guard(NAME, () -> {
            INDArray loss = Nd4jCalls.alloc(dtype, lossShape);
            INDArray grad = Nd4jCalls.alloc(dtype, zs);
            if (batch == 0) {
                return new NdArray[]{backend.wrap(loss, lossShape, dtype), backend.wrap(grad, zs, dtype)};
            }
            try (Temps t = new Temps()) {
                INDArray logit = z.read(NAME);
                INDArray max = t.own(Nd4jCalls.alloc(dtype, column));
                Nd4j.exec(new Max(logit, max, true, 1));
                INDArray shifted = t.own(Nd4jCalls.alloc(dtype, zs));
                Nd4jCalls.exec("subtract", shifted, logit, max);
                INDArray e = t.own(Nd4jCalls.alloc(dtype, zs));
                Nd4j.exec(new Exp(shifted, e));
                INDArray logSum = t.own(Nd4jCalls.alloc(dtype, lossShape));
                Nd4j.exec(new Sum(e, logSum, false, 1));
                Nd4j.exec(new Log(logSum, logSum));
                INDArray picked = t.own(Nd4jCalls.alloc(dtype, lossShape));
                Nd4jCalls.exec("gather_nd", picked, shifted, t.own(Nd4j.createFromArray(picks)));
                Nd4jCalls.exec("subtract", loss, logSum, picked);
                Nd4jCalls.exec("sparse_softmax_cross_entropy_loss_with_logits_grad", grad, y.read(NAME), logit);
            }
            return new NdArray[]{backend.wrap(loss, lossShape, dtype), backend.wrap(grad, zs, dtype)};
        });
    }
}
