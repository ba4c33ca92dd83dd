package dev.neurite.api;

import java.util.Arrays;

/** An immutable tensor shape. Dimension sizes are non-negative; a rank-0 shape is a scalar. */
public final class Shape {
    private static final Shape SCALAR = new Shape(new long[0]);
    private final long[] dims;

    private Shape(long[] dims) {
        this.dims = dims;
    }

    public static Shape of(long... dims) {
        for (long d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("Shape: dimension sizes must be >= 0, got " + Arrays.toString(dims));
            }
        }
        return dims.length == 0 ? SCALAR : new Shape(dims.clone());
    }

    public static Shape of(int... dims) {
        return of(Arrays.stream(dims).asLongStream().toArray());
    }

    public static Shape scalar() {
        return SCALAR;
    }

    public int rank() {
        return dims.length;
    }

    /** Size of dimension {@code axis}; negative axes count from the end, as in PyTorch. */
    public long size(int axis) {
        return dims[axis(axis)];
    }

    public long numel() {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    public long[] toArray() {
        return dims.clone();
    }

    public int[] toIntArray() {
        int[] r = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            r[i] = Math.toIntExact(dims[i]);
        }
        return r;
    }

    /** Normalises a possibly negative axis, failing with the rank and the axis when it is out of range. */
    public int axis(int axis) {
        int r = axis < 0 ? axis + dims.length : axis;
        if (r < 0 || r >= dims.length) {
            throw new IllegalArgumentException("axis " + axis + " is out of range for a tensor of shape " + this
                    + " (rank " + dims.length + ")");
        }
        return r;
    }

    /** This shape with dimension {@code axis} replaced by {@code size}. */
    public Shape with(int axis, long size) {
        long[] d = dims.clone();
        d[axis(axis)] = size;
        return new Shape(d);
    }

    /** Dimensions {@code [from, to)}. */
    public Shape sub(int from, int to) {
        return of(Arrays.copyOfRange(dims, from, to));
    }

    public Shape append(long... more) {
        long[] d = Arrays.copyOf(dims, dims.length + more.length);
        System.arraycopy(more, 0, d, dims.length, more.length);
        return of(d);
    }

    public Shape prepend(long... more) {
        long[] d = new long[dims.length + more.length];
        System.arraycopy(more, 0, d, 0, more.length);
        System.arraycopy(dims, 0, d, more.length, dims.length);
        return of(d);
    }

    /**
     * The NumPy broadcast of two shapes.
     *
     * @throws IllegalArgumentException naming {@code op} and both shapes when they do not broadcast
     */
    public static Shape broadcast(String op, Shape a, Shape b) {
        int rank = Math.max(a.rank(), b.rank());
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long da = i < rank - a.rank() ? 1 : a.dims[i - (rank - a.rank())];
            long db = i < rank - b.rank() ? 1 : b.dims[i - (rank - b.rank())];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + a + " and " + b
                        + " do not broadcast (dimension " + i + " of the broadcast: " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return of(out);
    }

    /** Resolves a single -1 in a requested reshape against this shape's element count. */
    public Shape resolveReshape(long... requested) {
        long known = 1;
        int infer = -1;
        for (int i = 0; i < requested.length; i++) {
            if (requested[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape: only one dimension may be -1, got " + Arrays.toString(requested));
                }
                infer = i;
            } else if (requested[i] < 0) {
                throw new IllegalArgumentException("reshape: invalid size " + requested[i] + " in " + Arrays.toString(requested));
            } else {
                known *= requested[i];
            }
        }
        long[] r = requested.clone();
        if (infer >= 0) {
            if (known == 0 || numel() % known != 0) {
                throw new IllegalArgumentException("reshape: cannot reshape " + this + " (" + numel() + " elements) to "
                        + Arrays.toString(requested));
            }
            r[infer] = numel() / known;
        }
        Shape s = of(r);
        if (s.numel() != numel()) {
            throw new IllegalArgumentException("reshape: cannot reshape " + this + " (" + numel() + " elements) to " + s
                    + " (" + s.numel() + " elements)");
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
