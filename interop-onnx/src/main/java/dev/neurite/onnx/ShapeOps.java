package dev.neurite.onnx;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.ReduceOp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Shape computation, data movement, constants and reductions. */
final class ShapeOps {
    private ShapeOps() {
    }

    static void register(OnnxOperators.Registration r) {
        String sh = "shape";
        r.add("Flatten", sh, "axis (1)", OnnxOp.single(c -> {
            Tensor x = c.input(0);
            long axis = c.attrs().getInt("axis", 1);
            int a = (int) (axis < 0 ? axis + x.rank() : axis);
            c.check(a >= 0 && a <= x.rank(), "axis %s is out of range for rank %s", axis, x.rank());
            return x.reshape(x.shape().sub(0, a).numel(), x.shape().sub(a, x.rank()).numel());
        }));
        r.add("Reshape", sh, "0 copies a dimension unless allowzero; -1 is inferred", OnnxOp.single(ShapeOps::reshape));
        r.add("Transpose", sh, "perm (reversed by default)", OnnxOp.single(c -> {
            Tensor x = c.input(0);
            long[] perm = c.attrs().getInts("perm", null);
            int[] p = new int[x.rank()];
            for (int i = 0; i < p.length; i++) {
                p[i] = perm == null ? p.length - 1 - i : c.axis(perm[i], x.rank());
            }
            c.check(perm == null || perm.length == x.rank(), "perm %s does not match rank %s", perm, x.rank());
            return x.permute(p);
        }));
        r.add("Squeeze", sh, "axes as attribute (opset < 13) or input; all size-1 axes by default",
                OnnxOp.single(ShapeOps::squeeze));
        r.add("Unsqueeze", sh, "axes as attribute (opset < 13) or input", OnnxOp.single(ShapeOps::unsqueeze));
        r.add("Concat", sh, "axis", OnnxOp.single(c -> {
            List<Tensor> parts = new ArrayList<>();
            for (int i = 0; i < c.inputCount(); i++) {
                parts.add(c.input(i));
            }
            int rank = parts.get(0).rank();
            int axis = c.axis(c.attrs().getInt("axis", 0), rank);
            for (Tensor t : parts) {
                c.check(t.rank() == rank, "inputs have ranks %s and %s", rank, t.rank());
                for (int d = 0; d < rank; d++) {
                    c.check(d == axis || t.size(d) == parts.get(0).size(d), "input shapes %s and %s differ outside axis %s",
                            parts.get(0).shape(), t.shape(), axis);
                }
            }
            List<Tensor> nonEmpty = parts.stream().filter(t -> t.numel() > 0).toList();
            return nonEmpty.size() == 1 ? nonEmpty.get(0) : Tensor.concat(nonEmpty.isEmpty() ? parts : nonEmpty, axis);
        }));
        r.add("Split", sh, "split as attribute (opset < 13) or input; equal parts by default", ShapeOps::split);
        r.add("Slice", sh, "starts/ends/axes/steps as attributes (opset 9) or inputs; negative steps",
                OnnxOp.single(ShapeOps::slice));
        r.add("Gather", sh, "axis; negative and scalar indices", OnnxOp.single(ShapeOps::gather));
        r.add("Expand", sh, "bidirectional broadcast", OnnxOp.single(c -> {
            Tensor x = c.input(0);
            long[] shape = c.longs(1, null);
            Shape target = Shape.broadcast("Expand", x.shape(), checkedShape(c, shape));
            return target.equals(x.shape()) ? x : x.broadcastTo(target);
        }));
        r.add("Tile", sh, "repeats", OnnxOp.single(c -> {
            Tensor x = c.input(0);
            long[] reps = c.longs(1, null);
            c.check(reps.length == x.rank(), "repeats %s must have one entry per axis of %s", reps, x.shape());
            long[] out = x.shape().toArray();
            for (int i = 0; i < reps.length; i++) {
                c.check(reps[i] >= 0, "repeats must be >= 0, got %s", reps);
                out[i] *= reps[i];
            }
            TensorProtos.checkedCount(c.node.describe(), out);
            for (int a = 0; a < reps.length; a++) {
                if (reps[a] != 1) {
                    x = Tensor.concat(java.util.Collections.nCopies((int) reps[a], x), a);
                }
            }
            return x;
        }));
        r.add("Shape", sh, "start/end (opset 15)", OnnxOp.single(c -> {
            long[] dims = c.input(0).shape().toArray();
            int n = dims.length;
            long start = c.attrs().getInt("start", 0);
            long end = c.attrs().getInt("end", n);
            int s = (int) Math.max(0, Math.min(n, start < 0 ? start + n : start));
            int e = (int) Math.max(s, Math.min(n, end < 0 ? end + n : end));
            long[] v = Arrays.copyOfRange(dims, s, e);
            return Tensor.ofLongs(v, v.length);
        }));
        r.add("Trilu", sh, "opset 14; upper (1) or lower triangle of the last two axes, diagonal offset k", OnnxOp.single(c -> {
            Tensor x = c.input(0);
            c.check(x.rank() >= 2, "input must have rank >= 2, got shape %s", x.shape());
            long[] k = c.longs(1, new long[]{0});
            c.check(k.length == 1, "k must be one integer, got %s", k);
            boolean upper = c.attrs().getInt("upper", 1) != 0;
            long n = x.size(-2);
            long m = x.size(-1);
            long[] keep = new long[Math.toIntExact(n * m)];
            for (long i = 0; i < n; i++) {
                for (long j = 0; j < m; j++) {
                    keep[Math.toIntExact(i * m + j)] = (upper ? j - i >= k[0] : j - i <= k[0]) ? 1 : 0;
                }
            }
            // Where rather than a product: the masked-out entries may be infinite (PyTorch's -inf causal masks).
            return Tensor.where(Tensor.ofLongs(keep, n, m).cast(DType.BOOL), x, Tensor.scalar(0, x.dtype()));
        }));
        r.add("Size", sh, "", OnnxOp.single(c -> Tensor.ofLongs(new long[]{c.input(0).numel()}, new long[0])));

        String cst = "constants";
        r.add("Constant", cst, "value, value_float(s), value_int(s)", OnnxOp.single(ShapeOps::constant));
        r.add("ConstantOfShape", cst, "value (float 0 by default)", OnnxOp.single(c -> {
            long[] shape = c.longs(0, null);
            TensorProtos.checkedCount(c.node.describe(), shape);
            Tensor v = c.attrs().getTensor("value");
            DType dtype = v == null ? DType.FLOAT32 : v.dtype();
            double value = v == null ? 0 : v.toDoubleArray()[0];
            return Tensor.full(Shape.of(shape), value, dtype);
        }));
        r.add("Range", cst, "float and integer", OnnxOp.single(ShapeOps::range));

        String red = "reduction";
        reduce(r, "ReduceMean", ReduceOp.MEAN);
        reduce(r, "ReduceSum", ReduceOp.SUM);
        reduce(r, "ReduceMax", ReduceOp.MAX);
        reduce(r, "ReduceMin", ReduceOp.MIN);
        r.add("ArgMax", red, "axis, keepdims (select_last_index 0)", OnnxOp.single(c -> {
            Tensor x = c.input(0);
            int axis = c.axis(c.attrs().getInt("axis", 0), x.rank());
            c.check(c.attrs().getInt("select_last_index", 0) == 0, "select_last_index is not supported");
            Tensor y = x.argmax(axis).cast(DType.INT64);
            return c.attrs().getInt("keepdims", 1) != 0 ? y.unsqueeze(axis) : y;
        }));
        r.add("Pad", "padding", "constant, reflect and edge; pads as attribute (opset < 11) or input; negative pads crop",
                OnnxOp.single(ShapeOps::pad));
        r.add("Resize", "resampling", "nearest (all nearest_mode) and linear, any coordinate_transformation_mode; no cubic",
                OnnxOp.single(c -> Resampling.resize(c, false)));
        r.add("Upsample", "resampling", "opset 9 form of Resize (asymmetric coordinates)",
                OnnxOp.single(c -> Resampling.resize(c, true)));
    }

    static Shape checkedShape(OpCall c, long[] dims) {
        c.check(dims != null, "shape input is required");
        TensorProtos.checkedCount(c.node.describe(), dims);
        return Shape.of(dims);
    }

    private static Tensor reshape(OpCall c) {
        Tensor x = c.input(0);
        long[] shape = c.longs(1, null);
        c.check(shape != null, "shape input is required");
        boolean allowZero = c.attrs().getInt("allowzero", 0) != 0;
        long[] target = shape.clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < target.length; i++) {
            if (target[i] == 0 && !allowZero) {
                c.check(i < x.rank(), "shape %s copies dimension %s, but the input %s has rank %s", shape, i, x.shape(), x.rank());
                target[i] = x.size(i);
            }
            if (target[i] == -1) {
                c.check(inferred < 0, "shape %s has more than one -1", shape);
                inferred = i;
            } else {
                c.check(target[i] >= 0, "shape %s has a negative dimension", shape);
                known *= target[i];
            }
        }
        if (inferred >= 0) {
            c.check(known > 0 && x.numel() % known == 0, "cannot reshape %s (%s elements) to %s", x.shape(), x.numel(), shape);
            target[inferred] = x.numel() / known;
            known *= target[inferred];
        }
        c.check(known == x.numel(), "cannot reshape %s (%s elements) to %s", x.shape(), x.numel(), shape);
        return x.shape().equals(Shape.of(target)) ? x : x.reshape(target);
    }

    private static long[] axesOf(OpCall c, int inputIndex) {
        return c.opset >= 13 ? c.longs(inputIndex, null) : c.attrs().getInts("axes", null);
    }

    private static Tensor squeeze(OpCall c) {
        Tensor x = c.input(0);
        long[] axes = axesOf(c, 1);
        boolean[] drop = new boolean[x.rank()];
        if (axes == null) {
            for (int i = 0; i < drop.length; i++) {
                drop[i] = x.size(i) == 1;
            }
        } else {
            for (int a : c.axes(axes, x.rank())) {
                c.check(x.size(a) == 1, "axis %s of shape %s has size %s, not 1", a, x.shape(), x.size(a));
                drop[a] = true;
            }
        }
        List<Long> dims = new ArrayList<>();
        for (int i = 0; i < drop.length; i++) {
            if (!drop[i]) {
                dims.add(x.size(i));
            }
        }
        return x.reshape(dims.stream().mapToLong(Long::longValue).toArray());
    }

    private static Tensor unsqueeze(OpCall c) {
        Tensor x = c.input(0);
        long[] axes = axesOf(c, 1);
        c.check(axes != null, "axes are required");
        int rank = x.rank() + axes.length;
        boolean[] inserted = new boolean[rank];
        for (int a : c.axes(axes, rank)) {
            c.check(!inserted[a], "axes %s repeat an axis", axes);
            inserted[a] = true;
        }
        long[] dims = new long[rank];
        for (int i = 0, j = 0; i < rank; i++) {
            dims[i] = inserted[i] ? 1 : x.size(j++);
        }
        return x.reshape(dims);
    }

    private static List<Tensor> split(OpCall c) {
        Tensor x = c.input(0);
        int axis = c.axis(c.attrs().getInt("axis", 0), x.rank());
        long[] sizes = c.opset >= 13 ? c.longs(1, null) : c.attrs().getInts("split", null);
        int n = c.outputCount();
        long total = x.size(axis);
        if (sizes == null) {
            c.check(total % n == 0, "axis %s of shape %s does not split into %s equal parts", axis, x.shape(), n);
            sizes = new long[n];
            Arrays.fill(sizes, total / n);
        }
        c.check(sizes.length == n && Arrays.stream(sizes).sum() == total && Arrays.stream(sizes).allMatch(s -> s >= 0),
                "split %s does not cover axis %s of shape %s in %s parts", sizes, axis, x.shape(), n);
        List<Tensor> out = new ArrayList<>();
        long start = 0;
        for (long s : sizes) {
            out.add(x.slice(axis, start, start + s));
            start += s;
        }
        return out;
    }

    private static Tensor slice(OpCall c) {
        Tensor x = c.input(0);
        long[] starts;
        long[] ends;
        long[] axes;
        long[] steps;
        if (c.opset < 10) {
            starts = c.attrs().getInts("starts", null);
            ends = c.attrs().getInts("ends", null);
            axes = c.attrs().getInts("axes", null);
            steps = null;
        } else {
            starts = c.longs(1, null);
            ends = c.longs(2, null);
            axes = c.longs(3, null);
            steps = c.longs(4, null);
        }
        c.check(starts != null && ends != null && starts.length == ends.length, "starts %s and ends %s must have equal length",
                starts, ends);
        if (axes == null) {
            axes = new long[starts.length];
            for (int i = 0; i < axes.length; i++) {
                axes[i] = i;
            }
        }
        c.check(axes.length == starts.length && (steps == null || steps.length == starts.length),
                "starts, ends, axes and steps must have equal length");
        for (int i = 0; i < starts.length; i++) {
            int a = c.axis(axes[i], x.rank());
            long dim = x.size(a);
            long step = steps == null ? 1 : steps[i];
            c.check(step != 0, "steps must not be 0");
            long s = starts[i] < 0 ? starts[i] + dim : starts[i];
            long e = ends[i] < 0 ? ends[i] + dim : ends[i];
            if (ends[i] == Long.MIN_VALUE) {
                e = -1;
            }
            if (step > 0) {
                s = Math.max(0, Math.min(dim, s));
                e = Math.max(0, Math.min(dim, e));
                if (s == 0 && e == dim && step == 1) {
                    continue;
                }
                x = x.slice(a, s, Math.max(s, e), step);
            } else {
                s = Math.max(-1, Math.min(dim - 1, s));
                e = Math.max(-1, Math.min(dim - 1, e));
                List<Long> idx = new ArrayList<>();
                for (long k = s; k > e; k += step) {
                    idx.add(k);
                }
                long[] index = idx.stream().mapToLong(Long::longValue).toArray();
                x = x.gather(a, Tensor.ofLongs(index, index.length));
            }
        }
        return x;
    }

    private static Tensor gather(OpCall c) {
        Tensor x = c.input(0);
        Tensor idx = c.input(1);
        c.check(!idx.dtype().isFloatingPoint() && idx.dtype() != DType.BOOL, "indices must be int32 or int64, got %s",
                idx.dtype());
        int axis = c.axis(c.attrs().getInt("axis", 0), x.rank());
        long n = x.size(axis);
        long[] values = idx.numel() == 0 ? new long[0] : idx.cast(DType.INT64).toLongArray();
        boolean negative = false;
        for (long v : values) {
            c.check(v >= -n && v < n, "index %s is out of range for axis %s of shape %s", v, axis, x.shape());
            negative |= v < 0;
        }
        if (negative || idx.dtype() != DType.INT64) {
            long[] fixed = Arrays.stream(values).map(v -> v < 0 ? v + n : v).toArray();
            idx = Tensor.ofLongs(fixed, idx.shape().toArray());
        }
        return x.gather(axis, idx);
    }

    private static Tensor constant(OpCall c) {
        Attributes a = c.attrs();
        Tensor t = a.getTensor("value");
        if (t != null) {
            return t;
        }
        if (a.has("value_float")) {
            return Tensor.scalar(a.getFloat("value_float", 0));
        }
        if (a.has("value_floats")) {
            float[] f = a.getFloats("value_floats", null);
            return Tensor.of(f, f.length);
        }
        if (a.has("value_int")) {
            return Tensor.ofLongs(new long[]{a.getInt("value_int", 0)}, new long[0]);
        }
        if (a.has("value_ints")) {
            long[] v = a.getInts("value_ints", null);
            return Tensor.ofLongs(v, v.length);
        }
        throw c.error("needs a value, value_float(s) or value_int(s) attribute (sparse and string values are not supported)"
                + ", found " + a.names());
    }

    private static Tensor range(OpCall c) {
        Tensor start = c.input(0);
        double s = c.doubles(0)[0];
        double limit = c.doubles(1)[0];
        double delta = c.doubles(2)[0];
        c.check(delta != 0, "delta must not be 0");
        double count = Math.ceil((limit - s) / delta);
        c.check(count < TensorProtos.MAX_ELEMENTS, "range of %s elements is too large", count);
        int n = (int) Math.max(0, count);
        if (start.dtype().isFloatingPoint()) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = s + i * delta;
            }
            return TensorProtos.create(start.dtype(), v, null, new long[]{n});
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = (long) s + i * (long) delta;
        }
        Tensor t = Tensor.ofLongs(v, n);
        return start.dtype() == DType.INT64 ? t : t.cast(start.dtype());
    }

    private static void reduce(OnnxOperators.Registration r, String name, ReduceOp op) {
        r.add(name, "reduction", "axes as attribute" + (op == ReduceOp.SUM ? " (opset < 13) or input" : "")
                + ", keepdims, noop_with_empty_axes", OnnxOp.single(c -> {
            Tensor x = c.input(0);
            long[] axes = op == ReduceOp.SUM && c.opset >= 13 ? c.longs(1, null) : c.attrs().getInts("axes", null);
            boolean keep = c.attrs().getInt("keepdims", 1) != 0;
            if (axes == null || axes.length == 0) {
                if (c.attrs().getInt("noop_with_empty_axes", 0) != 0) {
                    return x;
                }
                axes = new long[x.rank()];
                for (int i = 0; i < axes.length; i++) {
                    axes[i] = i;
                }
            }
            int[] ax = c.axes(axes, x.rank());
            if (op == ReduceOp.MEAN) {
                return x.mean(ax, keep);
            }
            if (op == ReduceOp.SUM) {
                return x.sum(ax, keep);
            }
            int[] sorted = Arrays.stream(ax).distinct().sorted().toArray();
            for (int i = sorted.length - 1; i >= 0; i--) {
                x = op == ReduceOp.MAX ? x.max(sorted[i], keep) : x.min(sorted[i], keep);
            }
            return x;
        }));
    }

    private static Tensor pad(OpCall c) {
        Tensor x = c.input(0);
        String mode = c.attrs().getString("mode", "constant");
        long[] pads;
        double value;
        if (c.opset < 11) {
            pads = c.attrs().getInts("pads", null);
            value = c.attrs().getFloat("value", 0);
        } else {
            pads = c.longs(1, null);
            value = c.has(2) ? c.doubles(2)[0] : 0;
        }
        int r = x.rank();
        c.check(pads != null && pads.length == 2 * r, "pads %s must have 2 x rank = %s values", pads, 2 * r);
        for (int a = 0; a < r; a++) {
            long before = pads[a];
            long after = pads[a + r];
            if (before < 0 || after < 0) {
                x = x.slice(a, Math.max(0, -before), x.size(a) - Math.max(0, -after));
                before = Math.max(0, before);
                after = Math.max(0, after);
            }
            if (before == 0 && after == 0) {
                continue;
            }
            long n = x.size(a);
            switch (mode) {
                case "constant" -> {
                    long[][] p = new long[r][2];
                    p[a][0] = before;
                    p[a][1] = after;
                    x = x.pad(p, value);
                }
                case "edge", "reflect" -> {
                    boolean reflect = mode.equals("reflect");
                    c.check(!reflect || (before < n && after < n), "reflect padding %s must be smaller than the axis %s",
                            pads, n);
                    long[] idx = new long[(int) (before + n + after)];
                    for (int i = 0; i < idx.length; i++) {
                        long k = i - before;
                        if (k < 0) {
                            k = reflect ? -k : 0;
                        } else if (k >= n) {
                            k = reflect ? 2 * (n - 1) - k : n - 1;
                        }
                        idx[i] = k;
                    }
                    x = x.gather(a, Tensor.ofLongs(idx, idx.length));
                }
                default -> throw c.error("mode must be constant, reflect or edge, got '" + mode + "'");
            }
        }
        return x;
    }
}
