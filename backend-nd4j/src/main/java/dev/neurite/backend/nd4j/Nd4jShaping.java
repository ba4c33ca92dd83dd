package dev.neurite.backend.nd4j;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.NdArray;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shape ops. Reshape (of a dense array), permute and slice return views that share storage; copy-on-write in
 * {@link Nd4jArray} keeps them independent values.
 */
final class Nd4jShaping {
    private final Nd4jBackend backend;

    Nd4jShaping(Nd4jBackend backend) {
        this.backend = backend;
    }

    NdArray reshape(NdArray x, Shape shape) {
        String name = "reshape";
        Nd4jArray c = backend.arg(name, "x", x);
        if (shape == null) {
            throw new IllegalArgumentException(name + ": shape is null");
        }
        if (shape.numel() != c.shape().numel()) {
            throw new IllegalArgumentException(name + ": cannot reshape " + c.shape() + " (" + c.shape().numel()
                    + " elements) to " + shape + " (" + shape.numel() + " elements)");
        }
        if (shape.equals(c.shape())) {
            return c.derive(c.read(name), shape);
        }
        return Nd4jCalls.guard(name, () -> {
            INDArray a = c.read(name);
            if (shape.numel() == 0) {
                return backend.wrap(Nd4jCalls.alloc(c.dtype(), shape), shape, c.dtype());
            }
            if (Nd4jCalls.denseC(a)) {
                return c.derive(a.reshape('c', shape.toArray()), shape);
            }
            INDArray dense = Nd4jCalls.denseCopy(a);
            return backend.wrap(dense.reshape('c', shape.toArray()), shape, c.dtype());
        });
    }

    NdArray permute(NdArray x, int... axes) {
        String name = "permute";
        Nd4jArray c = backend.arg(name, "x", x);
        Shape in = c.shape();
        if (axes == null || axes.length != in.rank()) {
            throw new IllegalArgumentException(name + ": expected " + in.rank() + " axes for shape " + in + ", got "
                    + Arrays.toString(axes));
        }
        boolean[] seen = new boolean[axes.length];
        long[] dims = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            int a = axes[i];
            if (a < 0 || a >= axes.length || seen[a]) {
                throw new IllegalArgumentException(name + ": " + Arrays.toString(axes)
                        + " is not a permutation of the axes of " + in);
            }
            seen[a] = true;
            dims[i] = in.size(a);
        }
        Shape out = Shape.of(dims);
        return Nd4jCalls.guard(name, () -> {
            INDArray a = c.read(name);
            if (in.numel() == 0) {
                return backend.wrap(Nd4jCalls.alloc(c.dtype(), out), out, c.dtype());
            }
            return c.derive(in.rank() < 2 ? a : a.permute(axes), out);
        });
    }

    NdArray slice(NdArray x, long[] begin, long[] end, long[] step) {
        String name = "slice";
        Nd4jArray c = backend.arg(name, "x", x);
        Shape in = c.shape();
        int rank = in.rank();
        if (begin == null || end == null || step == null || begin.length != rank || end.length != rank
                || step.length != rank) {
            throw new IllegalArgumentException(name + ": begin, end and step must each have " + rank
                    + " entries for shape " + in + ", got " + Arrays.toString(begin) + ", " + Arrays.toString(end)
                    + ", " + Arrays.toString(step));
        }
        long[] dims = new long[rank];
        boolean whole = true;
        for (int d = 0; d < rank; d++) {
            long size = in.size(d);
            if (step[d] < 1 || begin[d] < 0 || end[d] < begin[d] || end[d] > size) {
                throw new IllegalArgumentException(name + ": dimension " + d + " of " + in + " cannot be sliced ["
                        + begin[d] + ", " + end[d] + ") step " + step[d] + " (need 0 <= begin <= end <= " + size
                        + ", step >= 1)");
            }
            dims[d] = (end[d] - begin[d] + step[d] - 1) / step[d];
            whole &= begin[d] == 0 && end[d] == size && step[d] == 1;
        }
        Shape out = Shape.of(dims);
        if (whole) {
            return c.derive(c.read(name), out);
        }
        return Nd4jCalls.guard(name, () -> {
            INDArray a = c.read(name);
            if (out.numel() == 0) {
                return backend.wrap(Nd4jCalls.alloc(c.dtype(), out), out, c.dtype());
            }
            INDArrayIndex[] idx = new INDArrayIndex[rank];
            for (int d = 0; d < rank; d++) {
                idx[d] = NDArrayIndex.interval(begin[d], step[d], end[d]);
            }
            INDArray view = a.get(idx);
            if (!Arrays.equals(view.shape(), dims)) {
                // ND4J drops unit dimensions of some index combinations; put them back.
                view = view.reshape('c', dims);
            }
            return c.derive(view, out);
        });
    }

    NdArray concat(List<NdArray> parts, int axis) {
        String name = "concat";
        if (parts == null || parts.isEmpty()) {
            throw new IllegalArgumentException(name + ": expected at least one part, got " + parts);
        }
        List<Nd4jArray> cs = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            cs.add(backend.arg(name, "part " + i, parts.get(i)));
        }
        Shape first = cs.get(0).shape();
        if (first.rank() == 0) {
            throw new IllegalArgumentException(name + ": cannot concatenate scalars (part 0 has shape [])");
        }
        int ax = first.axis(axis);
        long total = 0;
        DType dtype = cs.get(0).dtype();
        for (int i = 0; i < cs.size(); i++) {
            Shape s = cs.get(i).shape();
            if (s.rank() != first.rank() || !s.with(ax, 0).equals(first.with(ax, 0))) {
                throw new IllegalArgumentException(name + ": part " + i + " has shape " + s + ", which does not match "
                        + first + " outside axis " + ax);
            }
            if (cs.get(i).dtype() != dtype) {
                throw new IllegalArgumentException(name + ": part " + i + " is " + cs.get(i).dtype() + " " + s
                        + " but part 0 is " + dtype + " " + first + "; cast the parts to one dtype first");
            }
            total += s.size(ax);
        }
        Shape out = first.with(ax, total);
        List<Nd4jArray> nonEmpty = cs.stream().filter(c -> c.shape().numel() > 0).toList();
        if (nonEmpty.size() == 1) {
            Nd4jArray only = nonEmpty.get(0);
            return only.derive(only.read(name), out);
        }
        return Nd4jCalls.guard(name, () -> {
            INDArray z = Nd4jCalls.alloc(dtype, out);
            if (!nonEmpty.isEmpty()) {
                INDArray[] inputs = new INDArray[nonEmpty.size()];
                for (int i = 0; i < inputs.length; i++) {
                    inputs[i] = nonEmpty.get(i).read(name);
                }
                Nd4jCalls.exec("concat", inputs, new INDArray[]{z}, new int[]{ax}, null, null);
            }
            return backend.wrap(z, out, dtype);
        });
    }

    NdArray pad(NdArray x, long[][] padding, double value) {
        String name = "pad";
        Nd4jArray c = backend.arg(name, "x", x);
        Shape in = c.shape();
        if (padding == null || padding.length != in.rank()) {
            throw new IllegalArgumentException(name + ": expected " + in.rank() + " {before, after} pairs for shape "
                    + in + ", got " + (padding == null ? "null" : padding.length));
        }
        long[] dims = new long[in.rank()];
        int[][] pads = new int[in.rank()][2];
        boolean none = true;
        for (int d = 0; d < in.rank(); d++) {
            if (padding[d] == null || padding[d].length != 2 || padding[d][0] < 0 || padding[d][1] < 0) {
                throw new IllegalArgumentException(name + ": padding of dimension " + d + " must be two sizes >= 0, got "
                        + (padding[d] == null ? "null" : Arrays.toString(padding[d])));
            }
            dims[d] = in.size(d) + padding[d][0] + padding[d][1];
            pads[d][0] = Math.toIntExact(padding[d][0]);
            pads[d][1] = Math.toIntExact(padding[d][1]);
            none &= padding[d][0] == 0 && padding[d][1] == 0;
        }
        Shape out = Shape.of(dims);
        if (none) {
            return c.derive(c.read(name), in);
        }
        return Nd4jCalls.guard(name, () -> {
            try (Temps t = new Temps()) {
                INDArray z = Nd4jCalls.alloc(c.dtype(), out);
                if (in.numel() == 0) {
                    z.assign(c.dtype() == DType.BOOL ? (value != 0 ? 1 : 0) : value);
                } else {
                    INDArray p = t.own(Nd4j.createFromArray(pads));
                    Nd4jCalls.exec("pad", new INDArray[]{c.read(name), p}, new INDArray[]{z}, new int[]{0},
                            new double[]{value}, null);
                }
                return backend.wrap(z, out, c.dtype());
            }
        });
    }

    NdArray broadcastTo(NdArray x, Shape shape) {
        String name = "broadcastTo";
        Nd4jArray c = backend.arg(name, "x", x);
        if (shape == null) {
            throw new IllegalArgumentException(name + ": shape is null");
        }
        if (!Shape.broadcast(name, c.shape(), shape).equals(shape)) {
            throw new IllegalArgumentException(name + ": shape " + c.shape() + " does not broadcast to " + shape);
        }
        if (shape.equals(c.shape())) {
            return c.derive(c.read(name), shape);
        }
        return Nd4jCalls.guard(name, () -> {
            try (Temps t = new Temps()) {
                INDArray z = t.broadcast(c.read(name), c.shape(), c.dtype(), shape);
                return backend.wrap(t.keep(z), shape, c.dtype());
            }
        });
    }
}
