package dev.neurite.api.testing;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.BinaryOp;

import java.util.Arrays;
import java.util.List;

/**
 * Shape operations of the reference backend. Each one is written as "for every output element, which input
 * element does it read", the form in which it is easiest to check by eye.
 */
final class ShapeOps {
    private ShapeOps() {
    }

    static ReferenceArray reshape(ReferenceBackend backend, ReferenceArray x, Shape shape) {
        if (shape == null || shape.numel() != x.shape().numel()) {
            throw new IllegalArgumentException("reshape: cannot reshape " + x.shape() + " (" + x.shape().numel()
                    + " elements) to " + shape + (shape == null ? "" : " (" + shape.numel() + " elements)"));
        }
        long[] exact = x.exact("reshape");
        return exact != null ? backend.createExact(shape, exact.clone()) : backend.create(shape, x.dtype(), x.data("reshape").clone());
    }

    static ReferenceArray permute(ReferenceBackend backend, ReferenceArray x, int[] axes) {
        Shape in = x.shape();
        boolean ok = axes != null && axes.length == in.rank();
        boolean[] seen = new boolean[in.rank()];
        for (int i = 0; ok && i < axes.length; i++) {
            ok = axes[i] >= 0 && axes[i] < in.rank() && !seen[axes[i]];
            if (ok) {
                seen[axes[i]] = true;
            }
        }
        if (!ok) {
            throw new IllegalArgumentException("permute: expected a permutation of the " + in.rank() + " axes of shape "
                    + in + ", got " + Arrays.toString(axes));
        }
        long[] inStrides = Strides.of(in);
        long[] outDims = new long[axes.length];
        long[] outToInStrides = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            outDims[i] = in.size(axes[i]);
            outToInStrides[i] = inStrides[axes[i]];
        }
        double[] v = x.data("permute");
        double[] out = new double[v.length];
        for (int o = 0; o < out.length; o++) {
            out[o] = v[Strides.ravel(Strides.unravel(o, outDims), outToInStrides)];
        }
        return backend.create(Shape.of(outDims), x.dtype(), out);
    }

    static ReferenceArray slice(ReferenceBackend backend, ReferenceArray x, long[] begin, long[] end, long[] step) {
        Shape in = x.shape();
        int rank = in.rank();
        boolean given = begin != null && end != null && step != null;
        if (!given || begin.length != rank || end.length != rank || step.length != rank) {
            throw new IllegalArgumentException("slice: begin, end and step must each have " + rank + " entries for shape "
                    + in + ", got " + Arrays.toString(begin) + ", " + Arrays.toString(end) + ", " + Arrays.toString(step));
        }
        long[] outDims = new long[rank];
        long[] inStrides = Strides.of(in);
        long[] outToInStrides = new long[rank];
        long offset = 0;
        for (int d = 0; d < rank; d++) {
            if (step[d] <= 0 || begin[d] < 0 || begin[d] > end[d] || end[d] > in.size(d)) {
                throw new IllegalArgumentException("slice: dimension " + d + " of shape " + in
                        + " needs 0 <= begin <= end <= " + in.size(d) + " and step > 0, got begin " + begin[d]
                        + ", end " + end[d] + ", step " + step[d]);
            }
            outDims[d] = (end[d] - begin[d] + step[d] - 1) / step[d];
            outToInStrides[d] = step[d] * inStrides[d];
            offset += begin[d] * inStrides[d];
        }
        Shape outShape = Shape.of(outDims);
        double[] v = x.data("slice");
        double[] out = new double[Strides.numel("slice", outShape)];
        for (int o = 0; o < out.length; o++) {
            out[o] = v[(int) offset + Strides.ravel(Strides.unravel(o, outDims), outToInStrides)];
        }
        return backend.create(outShape, x.dtype(), out);
    }

    static ReferenceArray concat(ReferenceBackend backend, List<ReferenceArray> parts, int axis) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concat: no arrays given");
        }
        ReferenceArray first = parts.get(0);
        int a = Strides.axis("concat", first.shape(), axis);
        long total = 0;
        for (int i = 0; i < parts.size(); i++) {
            ReferenceArray p = parts.get(i);
            Shape s = p.shape();
            boolean sameOtherDims = s.rank() == first.shape().rank() && s.with(a, 1).equals(first.shape().with(a, 1));
            if (!sameOtherDims || p.dtype() != first.dtype()) {
                throw new IllegalArgumentException("concat: along axis " + a + " every array must match "
                        + first.shape() + " (" + first.dtype() + ") except in that axis, but array " + i + " is " + s
                        + " (" + p.dtype() + ")");
            }
            total += s.size(a);
        }
        Shape outShape = first.shape().with(a, total);
        long[] outStrides = Strides.of(outShape);
        double[] out = new double[Strides.numel("concat", outShape)];
        long offset = 0;
        for (ReferenceArray p : parts) {
            // Each part lands shifted by the sizes of the parts before it along the axis.
            long[] dims = p.shape().toArray();
            double[] v = p.data("concat");
            for (int i = 0; i < v.length; i++) {
                long[] index = Strides.unravel(i, dims);
                index[a] += offset;
                out[Strides.ravel(index, outStrides)] = v[i];
            }
            offset += dims[a];
        }
        return backend.create(outShape, first.dtype(), out);
    }

    static ReferenceArray pad(ReferenceBackend backend, ReferenceArray x, long[][] padding, double value) {
        Shape in = x.shape();
        boolean ok = padding != null && padding.length == in.rank();
        for (int d = 0; ok && d < padding.length; d++) {
            ok = padding[d] != null && padding[d].length == 2 && padding[d][0] >= 0 && padding[d][1] >= 0;
        }
        if (!ok) {
            throw new IllegalArgumentException("pad: expected " + in.rank() + " {before >= 0, after >= 0} pairs for shape "
                    + in + ", got " + Arrays.deepToString(padding));
        }
        long[] dims = in.toArray();
        long[] outDims = new long[dims.length];
        for (int d = 0; d < dims.length; d++) {
            outDims[d] = padding[d][0] + dims[d] + padding[d][1];
        }
        Shape outShape = Shape.of(outDims);
        long[] outStrides = Strides.of(outShape);
        double[] out = new double[Strides.numel("pad", outShape)];
        Arrays.fill(out, value);
        double[] v = x.data("pad");
        for (int i = 0; i < v.length; i++) {
            long[] index = Strides.unravel(i, dims);
            for (int d = 0; d < index.length; d++) {
                index[d] += padding[d][0];
            }
            out[Strides.ravel(index, outStrides)] = v[i];
        }
        return backend.create(outShape, x.dtype(), out);
    }

    static ReferenceArray gather(ReferenceBackend backend, ReferenceArray x, int axis, ReferenceArray indices) {
        int a = Strides.axis("gather", x.shape(), axis);
        int[] map = takeMap("gather", x.shape(), a, indices);
        double[] v = x.data("gather");
        double[] out = new double[map.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = v[map[i]];
        }
        return backend.create(takeShape(x.shape(), a, indices.shape()), x.dtype(), out);
    }

    /** Walks the very map gather reads through, in reverse, which is what makes it gather's adjoint. */
    static ReferenceArray scatterAdd(ReferenceBackend backend, ReferenceArray base, int axis, ReferenceArray indices,
                                     ReferenceArray updates) {
        int a = Strides.axis("scatterAdd", base.shape(), axis);
        Shape expected = takeShape(base.shape(), a, indices.shape());
        if (!updates.shape().equals(expected)) {
            throw new IllegalArgumentException("scatterAdd: updates must have shape " + expected + " (base " + base.shape()
                    + " with axis " + a + " replaced by indices " + indices.shape() + "), got " + updates.shape());
        }
        int[] map = takeMap("scatterAdd", base.shape(), a, indices);
        DType acc = Scalars.accumulator(base.dtype());
        double[] out = base.data("scatterAdd").clone();
        double[] u = updates.data("scatterAdd");
        for (int i = 0; i < u.length; i++) {
            out[map[i]] = Scalars.binary(BinaryOp.ADD, out[map[i]], u[i], acc);
        }
        return backend.create(base.shape(), base.dtype(), out);
    }

    /** {@code x.shape[:axis] + indices.shape + x.shape[axis+1:]}. */
    private static Shape takeShape(Shape x, int axis, Shape indices) {
        return x.sub(0, axis).append(indices.toArray()).append(x.sub(axis + 1, x.rank()).toArray());
    }

    /** For every element of the take result, the position in {@code x} it comes from; validates the indices. */
    private static int[] takeMap(String op, Shape x, int axis, ReferenceArray indices) {
        if (indices.dtype() != DType.INT64) {
            throw new IllegalArgumentException(op + ": indices must be int64, got " + indices.dtype() + " of shape "
                    + indices.shape());
        }
        long size = x.size(axis);
        double[] idx = indices.data(op);
        for (double k : idx) {
            if (k < 0 || k >= size) {
                throw new IllegalArgumentException(op + ": index " + (long) k + " is out of range for axis " + axis
                        + " of size " + size + " (shape " + x + ")");
            }
        }
        Shape outShape = takeShape(x, axis, indices.shape());
        long[] outDims = outShape.toArray();
        long[] xStrides = Strides.of(x);
        long[] indexStrides = Strides.of(indices.shape());
        int indexRank = indices.shape().rank();
        int[] map = new int[Strides.numel(op, outShape)];
        for (int o = 0; o < map.length; o++) {
            long[] outIndex = Strides.unravel(o, outDims);
            // outIndex = outer (axis dims) + position in indices (indexRank dims) + inner (the rest).
            long k = (long) idx[Strides.ravel(Arrays.copyOfRange(outIndex, axis, axis + indexRank), indexStrides)];
            long flat = k * xStrides[axis];
            for (int d = 0; d < x.rank(); d++) {
                if (d < axis) {
                    flat += outIndex[d] * xStrides[d];
                } else if (d > axis) {
                    flat += outIndex[d - 1 + indexRank] * xStrides[d];
                }
            }
            map[o] = (int) flat;
        }
        return map;
    }
}
