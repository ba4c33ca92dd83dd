package dev.neurite.backend.nd4j;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.NdArray;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.same.Max;
import org.nd4j.linalg.api.ops.impl.reduce.same.Min;
import org.nd4j.linalg.factory.Nd4j;

/**
 * gather and scatterAdd. libnd4j does not range-check indices (an out-of-range gather reads arbitrary memory), so
 * every index is checked here before the native call.
 */
final class Nd4jIndexing {
    /** scatter_add's lock flag: without it, threads race on repeated indices and lose updates. */
    private static final boolean[] LOCKED = {true};

    /** Up to this many indices are checked in Java after a copy; more are checked with two native reductions. */
    private static final long JAVA_CHECK_LIMIT = 1 << 14;

    private final Nd4jBackend backend;

    Nd4jIndexing(Nd4jBackend backend) {
        this.backend = backend;
    }

    NdArray gather(NdArray x, int axis, NdArray indices) {
        String name = "gather";
        Nd4jArray c = backend.arg(name, "x", x);
        Nd4jArray idx = backend.arg(name, "indices", indices);
        Shape xs = c.shape();
        if (xs.rank() == 0) {
            throw new IllegalArgumentException(name + ": cannot gather from a scalar");
        }
        int ax = xs.axis(axis);
        requireIndices(name, idx, xs.size(ax), xs, ax);
        Shape out = xs.sub(0, ax).append(idx.shape().toArray()).append(xs.sub(ax + 1, xs.rank()).toArray());
        return Nd4jCalls.guard(name, () -> {
            try (Temps t = new Temps()) {
                INDArray z = Nd4jCalls.alloc(c.dtype(), out);
                if (out.numel() > 0) {
                    Nd4jCalls.exec("gather", new INDArray[]{c.read(name), indexArray(t, idx, name)}, new INDArray[]{z},
                            new int[]{ax}, null, null);
                }
                return backend.wrap(z, out, c.dtype());
            }
        });
    }

    NdArray scatterAdd(NdArray base, int axis, NdArray indices, NdArray updates) {
        String name = "scatterAdd";
        Nd4jArray b = backend.arg(name, "base", base);
        Nd4jArray idx = backend.arg(name, "indices", indices);
        Nd4jArray u = backend.arg(name, "updates", updates);
        Shape bs = b.shape();
        if (bs.rank() == 0) {
            throw new IllegalArgumentException(name + ": cannot scatter into a scalar");
        }
        int ax = bs.axis(axis);
        Shape expected = bs.sub(0, ax).append(idx.shape().toArray()).append(bs.sub(ax + 1, bs.rank()).toArray());
        if (!u.shape().equals(expected)) {
            throw new IllegalArgumentException(name + ": expected updates of shape " + expected + " (base " + bs
                    + ", indices " + idx.shape() + ", axis " + ax + "), got " + u.shape());
        }
        if (b.dtype() == DType.BOOL) {
            throw new IllegalArgumentException(name + ": cannot add into a bool base " + bs);
        }
        requireIndices(name, idx, bs.size(ax), bs, ax);
        int r = idx.shape().rank();
        return Nd4jCalls.guard(name, () -> {
            try (Temps t = new Temps()) {
                INDArray upd = t.cast(u.read(name), u.dtype(), b.dtype());
                INDArray ind = indexArray(t, idx, name);
                if (r == 0) {
                    // libnd4j wants at least one index dimension: treat a scalar index as a list of one.
                    ind = ind.reshape('c', new long[]{1});
                    upd = upd.reshape('c', bs.sub(0, ax).append(1).append(bs.sub(ax + 1, bs.rank()).toArray()).toArray());
                }
                int rank = Math.max(r, 1);
                if (ax == 0) {
                    INDArray z = Nd4jCalls.denseCopy(b.read(name));
                    if (expected.numel() > 0) {
                        Nd4jCalls.exec("scatter_add", new INDArray[]{z, ind, upd}, new INDArray[]{z}, null, null, LOCKED);
                    }
                    return backend.wrap(z, bs, b.dtype());
                }
                // libnd4j scatters along axis 0 only: move the axis to the front, scatter, and move it back.
                int[] front = moveToFront(bs.rank(), ax, 1);
                int[] updFront = moveToFront(upd.rank(), ax, rank);
                INDArray z = Nd4jCalls.denseCopy(b.read(name).permute(front));
                INDArray updP = t.own(Nd4jCalls.denseCopy(upd.permute(updFront)));
                if (expected.numel() > 0) {
                    Nd4jCalls.exec("scatter_add", new INDArray[]{z, ind, updP}, new INDArray[]{z}, null, null, LOCKED);
                }
                return backend.wrap(z.permute(inverse(front)), bs, b.dtype());
            }
        });
    }

    /** The axis order that brings dims {@code [axis, axis+count)} to the front, keeping the rest in order. */
    private static int[] moveToFront(int rank, int axis, int count) {
        int[] p = new int[rank];
        int j = 0;
        for (int i = 0; i < count; i++) {
            p[j++] = axis + i;
        }
        for (int i = 0; i < rank; i++) {
            if (i < axis || i >= axis + count) {
                p[j++] = i;
            }
        }
        return p;
    }

    private static int[] inverse(int[] p) {
        int[] inv = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            inv[p[i]] = i;
        }
        return inv;
    }

    private static INDArray indexArray(Temps t, Nd4jArray idx, String name) {
        return t.cast(idx.read(name), idx.dtype(), DType.INT64);
    }

    private static void requireIndices(String name, Nd4jArray idx, long size, Shape xs, int axis) {
        if (idx.dtype() != DType.INT64) {
            throw new IllegalArgumentException(name + ": expected int64 indices, got " + idx.dtype() + " " + idx.shape());
        }
        long n = idx.shape().numel();
        if (n == 0) {
            return;
        }
        long[] range = Nd4jCalls.guard(name, () -> minMax(idx.read(name), n));
        if (range[0] < 0 || range[1] >= size) {
            throw new IllegalArgumentException(name + ": index out of range: indices span [" + range[0] + ", "
                    + range[1] + "] but axis " + axis + " of " + xs + " has size " + size);
        }
    }

    private static long[] minMax(INDArray a, long n) {
        if (n <= JAVA_CHECK_LIMIT) {
            INDArray dense = a.dataType() == org.nd4j.linalg.api.buffer.DataType.INT64 && !a.isView()
                    && Nd4jCalls.denseC(a) && a.data().length() == n ? a : null;
            INDArray copy = dense != null ? null : Nd4jCalls.castCopy(a, DType.INT64);
            try {
                long[] v = (dense != null ? dense : copy).data().asLong();
                long min = Long.MAX_VALUE;
                long max = Long.MIN_VALUE;
                for (long x : v) {
                    min = Math.min(min, x);
                    max = Math.max(max, x);
                }
                return new long[]{min, max};
            } finally {
                Nd4jCalls.free(copy);
            }
        }
        INDArray lo = Nd4j.exec(new Min(a));
        INDArray hi = Nd4j.exec(new Max(a));
        try {
            return new long[]{lo.getLong(0), hi.getLong(0)};
        } finally {
            Nd4jCalls.free(lo);
            Nd4jCalls.free(hi);
        }
    }
}
