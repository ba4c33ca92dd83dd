package dev.neurite.backend.nd4j;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.ReduceOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.impl.reduce.floating.Mean;
import org.nd4j.linalg.api.ops.impl.reduce.same.Max;
import org.nd4j.linalg.api.ops.impl.reduce.same.Min;
import org.nd4j.linalg.api.ops.impl.reduce.same.Prod;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Reductions and argMax. Result dtypes, as in PyTorch: SUM and PROD of bool give int64, MEAN needs a floating-point
 * input, otherwise the input's dtype.
 */
final class Nd4jReductions {
    private final Nd4jBackend backend;

    Nd4jReductions(Nd4jBackend backend) {
        this.backend = backend;
    }

    NdArray reduce(ReduceOp op, NdArray x, int[] axes, boolean keepDims) {
        if (op == null) {
            throw new IllegalArgumentException("reduce: op is null");
        }
        String name = op.name().toLowerCase(java.util.Locale.ROOT);
        Nd4jArray c = backend.arg(name, "x", x);
        Shape in = c.shape();
        int[] dims = normaliseAxes(name, in, axes);
        Shape out = reducedShape(in, dims, keepDims);
        if (op == ReduceOp.MEAN && !c.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(name + ": expected a floating-point array, got " + c.dtype() + " "
                    + in + " (as in PyTorch, the mean of integers is not defined: cast first)");
        }
        DType inType = switch (op) {
            case SUM, PROD -> c.dtype() == DType.BOOL ? DType.INT64 : c.dtype();
            case MEAN -> c.dtype();
            case MAX, MIN -> c.dtype() == DType.BOOL ? DType.INT32 : c.dtype();
        };
        DType outType = (op == ReduceOp.MAX || op == ReduceOp.MIN) ? c.dtype() : inType;
        if (in.numel() == 0 && (op == ReduceOp.MAX || op == ReduceOp.MIN)) {
            throw new IllegalArgumentException(name + ": cannot reduce an empty array " + in + " (no identity for "
                    + op + ")");
        }
        return Nd4jCalls.guard(name, () -> {
            try (Temps t = new Temps()) {
                INDArray src = t.cast(c.read(name), c.dtype(), inType);
                if (dims.length == 0) {
                    // Nothing to reduce (a scalar, or no axes of a rank-0 array): the value itself.
                    return backend.wrap(Nd4jCalls.castCopy(src, outType), out, outType);
                }
                INDArray z = Nd4jCalls.alloc(inType, out);
                if (out.numel() > 0) {
                    if (in.numel() == 0) {
                        z.assign(op == ReduceOp.PROD ? 1 : op == ReduceOp.MEAN ? Double.NaN : 0);
                    } else {
                        Nd4j.exec(reduceOp(op, src, z, keepDims, dims));
                    }
                }
                if (inType == outType) {
                    return backend.wrap(z, out, outType);
                }
                t.own(z);
                return backend.wrap(Nd4jCalls.castCopy(z, outType), out, outType);
            }
        });
    }

    private static Op reduceOp(ReduceOp op, INDArray x, INDArray z, boolean keepDims, int[] dims) {
        return switch (op) {
            case SUM -> new Sum(x, z, keepDims, dims);
            case MEAN -> new Mean(x, z, keepDims, dims);
            case MAX -> new Max(x, z, keepDims, dims);
            case MIN -> new Min(x, z, keepDims, dims);
            case PROD -> new Prod(x, z, keepDims, dims);
        };
    }

    NdArray argMax(NdArray x, int axis, boolean keepDims) {
        String name = "argMax";
        Nd4jArray c = backend.arg(name, "x", x);
        Shape in = c.shape();
        if (in.rank() == 0) {
            if (axis != 0 && axis != -1) {
                throw new IllegalArgumentException(name + ": axis " + axis + " is out of range for a scalar");
            }
            return backend.fromLongs(new long[]{0}, Shape.scalar(), DType.INT64);
        }
        int ax = in.axis(axis);
        if (in.size(ax) == 0) {
            throw new IllegalArgumentException(name + ": axis " + axis + " of " + in + " is empty");
        }
        Shape out = reducedShape(in, new int[]{ax}, keepDims);
        DType compute = c.dtype() == DType.BOOL ? DType.INT32 : c.dtype();
        return Nd4jCalls.guard(name, () -> {
            try (Temps t = new Temps()) {
                INDArray z = Nd4jCalls.alloc(DType.INT64, out);
                if (out.numel() > 0) {
                    Nd4jCalls.exec("argmax", new INDArray[]{t.cast(c.read(name), c.dtype(), compute)},
                            new INDArray[]{z}, new int[]{ax}, null, new boolean[]{keepDims});
                }
                return backend.wrap(z, out, DType.INT64);
            }
        });
    }

    /** Validates the SPI's axes (non-negative, sorted, distinct, in range); empty means all. */
    private static int[] normaliseAxes(String name, Shape in, int[] axes) {
        if (axes == null) {
            throw new IllegalArgumentException(name + ": axes is null (use an empty array for all axes)");
        }
        if (axes.length == 0) {
            int[] all = new int[in.rank()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        for (int i = 0; i < axes.length; i++) {
            if (axes[i] < 0 || axes[i] >= in.rank() || (i > 0 && axes[i] <= axes[i - 1])) {
                throw new IllegalArgumentException(name + ": expected sorted, distinct axes in [0, " + in.rank()
                        + ") for shape " + in + ", got " + Arrays.toString(axes));
            }
        }
        return axes.clone();
    }

    private static Shape reducedShape(Shape in, int[] dims, boolean keepDims) {
        long[] d = in.toArray();
        boolean[] reduced = new boolean[d.length];
        for (int a : dims) {
            reduced[a] = true;
        }
        long[] out = new long[keepDims ? d.length : d.length - dims.length];
        int j = 0;
        for (int i = 0; i < d.length; i++) {
            if (reduced[i]) {
                if (keepDims) {
                    out[j++] = 1;
                }
            } else {
                out[j++] = d[i];
            }
        }
        return Shape.of(out);
    }
}
