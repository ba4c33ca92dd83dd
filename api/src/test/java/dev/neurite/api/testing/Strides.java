package dev.neurite.api.testing;

import dev.neurite.api.Shape;

/**
 * Row-major index arithmetic shared by every op family. Deliberately naive (one unravel per element): the
 * reference backend is judged on being obviously right, not fast.
 */
final class Strides {
    private Strides() {
    }

    /** Element count as an int, since storage is a single Java array. */
    static int numel(String op, Shape shape) {
        long n = shape.numel();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(op + ": shape " + shape + " has " + n
                    + " elements, more than the reference backend can hold in one Java array");
        }
        return (int) n;
    }

    /** A possibly negative axis made non-negative, or an error naming {@code op} and the shape. */
    static int axis(String op, Shape shape, int axis) {
        int r = axis < 0 ? axis + shape.rank() : axis;
        if (r < 0 || r >= shape.rank()) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for shape " + shape
                    + " (rank " + shape.rank() + ")");
        }
        return r;
    }

    /** Row-major strides, in elements. */
    static long[] of(Shape shape) {
        long[] dims = shape.toArray();
        long[] strides = new long[dims.length];
        long s = 1;
        for (int d = dims.length - 1; d >= 0; d--) {
            strides[d] = s;
            s *= dims[d];
        }
        return strides;
    }

    /** The multi-index of row-major position {@code flat} in {@code dims}. */
    static long[] unravel(long flat, long[] dims) {
        long[] index = new long[dims.length];
        for (int d = dims.length - 1; d >= 0; d--) {
            if (dims[d] > 0) {
                index[d] = flat % dims[d];
                flat /= dims[d];
            }
        }
        return index;
    }

    static int ravel(long[] index, long[] strides) {
        long flat = 0;
        for (int d = 0; d < index.length; d++) {
            flat += index[d] * strides[d];
        }
        return (int) flat;
    }

    /**
     * For every element of {@code out}, the row-major position of the {@code in} element NumPy broadcasting reads:
     * {@code in} is right-aligned against {@code out}, and its size-1 dimensions repeat. The caller guarantees
     * that {@code in} broadcasts to {@code out}.
     */
    static int[] broadcastMap(Shape in, Shape out) {
        long[] outDims = out.toArray();
        long[] inDims = in.toArray();
        long[] inStrides = of(in);
        int lead = outDims.length - inDims.length;
        int[] map = new int[numel("broadcast", out)];
        for (int i = 0; i < map.length; i++) {
            long[] index = unravel(i, outDims);
            long flat = 0;
            for (int d = 0; d < inDims.length; d++) {
                flat += (inDims[d] == 1 ? 0 : index[d + lead]) * inStrides[d];
            }
            map[i] = (int) flat;
        }
        return map;
    }

    /** Fails unless {@code in} broadcasts to exactly {@code target} (the target itself never grows). */
    static void checkBroadcastsTo(String op, Shape in, Shape target) {
        boolean ok = in.rank() <= target.rank();
        for (int d = 0; ok && d < in.rank(); d++) {
            long size = in.size(d);
            ok = size == 1 || size == target.size(d + target.rank() - in.rank());
        }
        if (!ok) {
            throw new IllegalArgumentException(op + ": shape " + in + " cannot be broadcast to " + target);
        }
    }
}
