package dev.neurite.backend.nd4j;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.kernel.SoftmaxKernel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Softmax as libnd4j's one {@code softmax} op (oneDNN's where available) instead of the five primitives of max-shift,
 * exp, sum and divide; the backward pass is three native calls on the saved output.
 */
final class Nd4jSoftmaxKernel implements SoftmaxKernel {
    private static final String NAME = "SoftmaxKernel";
    private final Nd4jBackend backend;

    Nd4jSoftmaxKernel(Nd4jBackend backend) {
        this.backend = backend;
    }

    private static void check(Nd4jArray a, int axis) {
        if (!a.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(NAME + ": expected a floating-point array, got " + a.dtype() + " " + a.shape());
        }
        if (axis < 0 || axis >= a.shape().rank()) {
            throw new IllegalArgumentException(NAME + ": axis " + axis + " is out of range for shape " + a.shape());
        }
    }

    @Override
    public NdArray forward(NdArray x, int axis) {
        Nd4jArray xc = backend.arg(NAME, "x", x);
        check(xc, axis);
        Shape s = xc.shape();
        DType dtype = xc.dtype();
        return Nd4jCalls.guard(NAME, () -> {
            INDArray y = Nd4jCalls.alloc(dtype, s);
            if (s.numel() > 0) {
                Nd4jCalls.exec("softmax", new INDArray[]{xc.read(NAME)}, new INDArray[]{y}, new int[]{axis}, null, null);
            }
            return backend.wrap(y, s, dtype);
        });
    }

    @Override
    public NdArray backward(NdArray y, NdArray gradY, int axis) {
        Nd4jArray yc = backend.arg(NAME, "y", y);
        Nd4jArray gc = backend.arg(NAME, "gradY", gradY);
        check(yc, axis);
        Shape s = yc.shape();
        if (!gc.shape().equals(s) || gc.dtype() != yc.dtype()) {
            throw new IllegalArgumentException(NAME + ": expected gradY " + s + " " + yc.dtype() + ", got " + gc.shape() + " " + gc.dtype());
        }
        DType dtype = yc.dtype();
        long[] kept = s.toArray();
        kept[axis] = 1;
        Shape keptShape = Shape.of(kept);
        return Nd4jCalls.guard(NAME, () -> {
            INDArray dx = Nd4jCalls.alloc(dtype, s);
            if (s.numel() == 0) {
                return backend.wrap(dx, s, dtype);
            }
            try (Temps t = new Temps()) {
                INDArray ya = yc.read(NAME);
                Nd4jCalls.exec("multiply", dx, gc.read(NAME), ya);
                INDArray sum = t.own(Nd4jCalls.alloc(dtype, keptShape));
                Nd4j.exec(new Sum(dx, sum, true, axis));
                INDArray scaled = t.own(Nd4jCalls.alloc(dtype, s));
                Nd4jCalls.exec("multiply", scaled, ya, sum);
                Nd4jCalls.exec("subtract", dx, dx, scaled);
            }
            return backend.wrap(dx, s, dtype);
        });
    }
}
