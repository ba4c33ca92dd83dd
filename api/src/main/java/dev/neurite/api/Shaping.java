package dev.neurite.api;

import dev.neurite.api.backend.NdArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Shape-changing operations and their backward rules. */
final class Shaping {
    private Shaping() {
    }

    static Tensor reshape(Tensor x, Shape target) {
        if (target.equals(x.shape())) {
            return x;
        }
        Shape original = x.shape();
        return Tensor.result("reshape", x.backend().reshape(x.data(), target), g -> new Tensor[]{g.reshape(original)}, x);
    }

    static Tensor permute(Tensor x, int[] axes) {
        Shape s = x.shape();
        if (axes.length != s.rank()) {
            throw new IllegalArgumentException("permute: expected " + s.rank() + " axes for shape " + s + ", got "
                    + Arrays.toString(axes));
        }
        int[] norm = new int[axes.length];
        int[] inverse = new int[axes.length];
        boolean[] seen = new boolean[axes.length];
        for (int i = 0; i < axes.length; i++) {
            norm[i] = s.axis(axes[i]);
            if (seen[norm[i]]) {
                throw new IllegalArgumentException("permute: " + Arrays.toString(axes) + " is not a permutation of the axes of " + s);
            }
            seen[norm[i]] = true;
            inverse[norm[i]] = i;
        }
        return Tensor.result("permute", x.backend().permute(x.data(), norm), g -> new Tensor[]{g.permute(inverse)}, x);
    }

    static Tensor slice(Tensor x, int axis, long start, long end, long step) {
        Shape s = x.shape();
        int a = s.axis(axis);
        long n = s.size(a);
        long from = Math.max(0, Math.min(n, start < 0 ? start + n : start));
        long to = Math.max(from, Math.min(n, end < 0 ? end + n : end));
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step must be positive, got " + step);
        }
        long[] begin = new long[s.rank()];
        long[] stop = s.toArray();
        long[] steps = new long[s.rank()];
        Arrays.fill(steps, 1);
        begin[a] = from;
        stop[a] = to;
        steps[a] = step;
        NdArray out = x.backend().slice(x.data(), begin, stop, steps);
        return Tensor.result("slice", out, g -> {
            if (step == 1) {
                long[][] pad = new long[s.rank()][2];
                pad[a][0] = from;
                pad[a][1] = n - to;
                return new Tensor[]{g.pad(pad, 0)};
            }
            Tensor idx = Tensor.arange(from, to, step, DType.INT64);
            return new Tensor[]{scatterAdd(Tensor.zeros(s, g.dtype()), a, idx, g)};
        }, x);
    }

    static Tensor concat(List<Tensor> parts, int axis) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concat: no tensors given");
        }
        Shape first = parts.get(0).shape();
        int a = first.axis(axis);
        List<NdArray> arrays = new ArrayList<>(parts.size());
        long[] offsets = new long[parts.size() + 1];
        for (int i = 0; i < parts.size(); i++) {
            Tensor p = parts.get(i);
            Shape ps = p.shape();
            if (ps.rank() != first.rank() || !ps.with(a, 1).equals(first.with(a, 1)) || p.dtype() != parts.get(0).dtype()) {
                throw new IllegalArgumentException("concat: along axis " + axis + " every tensor must match " + first
                        + " (" + parts.get(0).dtype() + ") except in that axis, but tensor " + i + " is " + ps + " (" + p.dtype() + ")");
            }
            arrays.add(p.data());
            offsets[i + 1] = offsets[i] + ps.size(a);
        }
        NdArray out = parts.get(0).backend().concat(arrays, a);
        Tensor[] inputs = parts.toArray(new Tensor[0]);
        return Tensor.result("concat", out, g -> {
            Tensor[] grads = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                grads[i] = inputs[i].requiresGrad() ? g.slice(a, offsets[i], offsets[i + 1]) : null;
            }
            return grads;
        }, inputs);
    }

    static Tensor pad(Tensor x, long[][] padding, double value) {
        Shape s = x.shape();
        if (padding.length != s.rank()) {
            throw new IllegalArgumentException("pad: expected " + s.rank() + " {before, after} pairs for shape " + s + ", got "
                    + padding.length);
        }
        for (long[] p : padding) {
            if (p.length != 2 || p[0] < 0 || p[1] < 0) {
                throw new IllegalArgumentException("pad: every entry must be {before >= 0, after >= 0}, got " + Arrays.deepToString(padding));
            }
        }
        NdArray out = x.backend().pad(x.data(), padding, value);
        return Tensor.result("pad", out, g -> {
            long[] begin = new long[s.rank()];
            long[] end = new long[s.rank()];
            long[] step = new long[s.rank()];
            for (int i = 0; i < s.rank(); i++) {
                begin[i] = padding[i][0];
                end[i] = padding[i][0] + s.size(i);
                step[i] = 1;
            }
            return new Tensor[]{Tensor.wrap(g.backend().slice(g.data(), begin, end, step))};
        }, x);
    }

    static Tensor broadcastTo(Tensor x, Shape target) {
        if (x.shape().equals(target)) {
            return x;
        }
        if (!Shape.broadcast("broadcastTo", x.shape(), target).equals(target)) {
            throw new IllegalArgumentException("broadcastTo: shape " + x.shape() + " cannot be broadcast to " + target);
        }
        Shape original = x.shape();
        return Tensor.result("broadcast_to", x.backend().broadcastTo(x.data(), target),
                g -> new Tensor[]{Elementwise.unbroadcast(g, original)}, x);
    }

    static Tensor gather(Tensor x, int axis, Tensor indices) {
        if (indices.dtype() != DType.INT64) {
            throw new IllegalArgumentException("gather: indices must be int64, got " + indices.dtype());
        }
        int a = x.shape().axis(axis);
        NdArray out = x.backend().gather(x.data(), a, indices.data());
        Shape s = x.shape();
        return Tensor.result("gather", out, g -> new Tensor[]{scatterAdd(Tensor.zeros(s, g.dtype()), a, indices, g), null},
                x, indices);
    }

    static Tensor scatterAdd(Tensor base, int axis, Tensor indices, Tensor updates) {
        return Tensor.wrap(base.backend().scatterAdd(base.data(), axis, indices.data(), updates.data()));
    }

    static double[] firstValues(Tensor t, int n) {
        try (NdArray flat = t.backend().reshape(t.data(), Shape.of(t.numel()));
             NdArray head = t.backend().slice(flat, new long[]{0}, new long[]{n}, new long[]{1})) {
            return t.backend().toDoubles(head);
        }
    }
}
