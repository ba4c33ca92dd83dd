package dev.neurite.api.testing;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.BinaryOp;
import dev.neurite.api.backend.ReduceOp;

import java.util.Arrays;

/** Reductions and argMax of the reference backend. */
final class ReduceOps {
    private ReduceOps() {
    }

    static ReferenceArray reduce(ReferenceBackend backend, ReduceOp op, ReferenceArray x, int[] axes, boolean keepDims) {
        String name = Scalars.lower(op);
        Shape in = x.shape();
        boolean[] reduced = reducedAxes(name, in, axes);
        if (op == ReduceOp.MEAN && !x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("mean: expected a floating-point array, got " + x.dtype() + " of shape " + in
                    + " (as in PyTorch, the mean of integers is not defined: cast first)");
        }
        // As in PyTorch, summing or multiplying bools counts in int64 rather than saturating at true.
        DType outType = x.dtype() == DType.BOOL && (op == ReduceOp.SUM || op == ReduceOp.PROD) ? DType.INT64 : x.dtype();
        DType acc = Scalars.accumulator(outType);

        long[] inDims = in.toArray();
        long[] keptDims = inDims.clone();
        long count = 1;
        for (int d = 0; d < inDims.length; d++) {
            if (reduced[d]) {
                keptDims[d] = 1;
                count *= inDims[d];
            }
        }
        Shape kept = Shape.of(keptDims);
        double[] out = new double[Strides.numel(name, kept)];
        if (count == 0 && out.length > 0 && (op == ReduceOp.MAX || op == ReduceOp.MIN)) {
            throw new IllegalArgumentException(name + ": cannot reduce zero elements (shape " + in + ", axes "
                    + Arrays.toString(axes) + ")");
        }
        BinaryOp step = switch (op) {
            case SUM, MEAN -> BinaryOp.ADD;
            case PROD -> BinaryOp.MUL;
            case MAX -> BinaryOp.MAX;
            case MIN -> BinaryOp.MIN;
        };
        // Infinite seeds leave the first element as is; Math.max/min propagate NaN, as PyTorch does.
        Arrays.fill(out, switch (op) {
            case SUM, MEAN -> 0;
            case PROD -> 1;
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
        });
        long[] keptStrides = Strides.of(kept);
        double[] v = x.data(name);
        for (int i = 0; i < v.length; i++) {
            long[] index = Strides.unravel(i, inDims);
            for (int d = 0; d < index.length; d++) {
                if (reduced[d]) {
                    index[d] = 0;
                }
            }
            int o = Strides.ravel(index, keptStrides);
            out[o] = Scalars.binary(step, out[o], v[i], acc);
        }
        if (op == ReduceOp.MEAN) {
            for (int o = 0; o < out.length; o++) {
                out[o] /= count;
            }
        }
        return backend.create(keepDims ? kept : dropReduced(in, reduced), outType, out);
    }

    /** Index of the first maximum along {@code axis}; NaN counts as the maximum, as in NumPy and PyTorch. */
    static ReferenceArray argMax(ReferenceBackend backend, ReferenceArray x, int axis, boolean keepDims) {
        Shape in = x.shape();
        int a = Strides.axis("argMax", in, axis);
        long size = in.size(a);
        Shape kept = in.with(a, 1);
        double[] out = new double[Strides.numel("argMax", kept)];
        if (size == 0 && out.length > 0) {
            throw new IllegalArgumentException("argMax: axis " + axis + " of shape " + in + " is empty");
        }
        long[] keptDims = kept.toArray();
        long[] strides = Strides.of(in);
        double[] v = x.data("argMax");
        for (int o = 0; o < out.length; o++) {
            int base = Strides.ravel(Strides.unravel(o, keptDims), strides);
            int best = 0;
            for (int k = 1; k < size; k++) {
                double candidate = v[base + k * (int) strides[a]];
                double current = v[base + best * (int) strides[a]];
                if (!Double.isNaN(current) && (candidate > current || Double.isNaN(candidate))) {
                    best = k;
                }
            }
            out[o] = best;
        }
        boolean[] reduced = new boolean[in.rank()];
        reduced[a] = true;
        return backend.create(keepDims ? kept : dropReduced(in, reduced), DType.INT64, out);
    }

    /** Which axes are reduced; enforces the SPI's non-negative, sorted, distinct axes. Empty means all. */
    private static boolean[] reducedAxes(String op, Shape shape, int[] axes) {
        if (axes == null) {
            throw new IllegalArgumentException(op + ": axes is null");
        }
        boolean[] reduced = new boolean[shape.rank()];
        if (axes.length == 0) {
            Arrays.fill(reduced, true);
            return reduced;
        }
        for (int i = 0; i < axes.length; i++) {
            boolean inRange = axes[i] >= 0 && axes[i] < shape.rank();
            if (!inRange || (i > 0 && axes[i] <= axes[i - 1])) {
                throw new IllegalArgumentException(op + ": axes must be non-negative, sorted, distinct and below the rank "
                        + shape.rank() + " of shape " + shape + ", got " + Arrays.toString(axes));
            }
            reduced[axes[i]] = true;
        }
        return reduced;
    }

    private static Shape dropReduced(Shape shape, boolean[] reduced) {
        long[] dims = shape.toArray();
        long[] kept = new long[dims.length];
        int n = 0;
        for (int d = 0; d < dims.length; d++) {
            if (!reduced[d]) {
                kept[n++] = dims[d];
            }
        }
        return Shape.of(Arrays.copyOf(kept, n));
    }
}
