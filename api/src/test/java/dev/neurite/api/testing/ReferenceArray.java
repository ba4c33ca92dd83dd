package dev.neurite.api.testing;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.Backend;
import dev.neurite.api.backend.NdArray;

import java.util.Arrays;

/**
 * An array of the reference backend: row-major doubles, each already rounded to the dtype, so every dtype shares
 * one code path. Never a view: every op copies, which keeps aliasing out of the oracle.
 *
 * <p>An int64 array also keeps its values as longs, which are authoritative: doubles hold integers exactly only up
 * to 2^53. Creation from longs, read-back, copy, reshape, cast and assign between int64 arrays carry the longs
 * through exactly; the other ops compute on the doubles (exact up to 2^53) and take the longs from their result.
 *
 * <p>Shape, dtype and backend stay readable after {@link #close()} (error messages need them); reading or
 * writing the values of a closed array raises {@link IllegalStateException}.
 */
public final class ReferenceArray implements NdArray {
    private final ReferenceBackend backend;
    private final Shape shape;
    private final DType dtype;
    private final double[] data;
    /** The exact values of an int64 array (null for every other dtype); kept in step with {@link #data}. */
    private final long[] exact;
    private volatile boolean closed;

    /** Takes ownership of {@code data} and rounds it to {@code dtype} in place. */
    ReferenceArray(ReferenceBackend backend, Shape shape, DType dtype, double[] data) {
        if (data.length != shape.numel()) {
            throw new IllegalStateException("reference backend bug: " + data.length + " values for shape " + shape);
        }
        for (int i = 0; i < data.length; i++) {
            data[i] = Scalars.toDType(dtype, data[i]);
        }
        this.backend = backend;
        this.shape = shape;
        this.dtype = dtype;
        this.data = data;
        if (dtype == DType.INT64) {
            exact = new long[data.length];
            for (int i = 0; i < data.length; i++) {
                exact[i] = (long) data[i];
            }
        } else {
            exact = null;
        }
    }

    /** An int64 array holding exactly {@code values} (owned, not copied). */
    ReferenceArray(ReferenceBackend backend, Shape shape, long[] values) {
        if (values.length != shape.numel()) {
            throw new IllegalStateException("reference backend bug: " + values.length + " values for shape " + shape);
        }
        this.backend = backend;
        this.shape = shape;
        this.dtype = DType.INT64;
        this.exact = values;
        this.data = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            data[i] = values[i];
        }
    }

    /** The live exact int64 storage, or null for other dtypes; fails on a closed array. */
    long[] exact(String op) {
        data(op);
        return exact;
    }

    /** Stores {@code values} (already rounded to the dtype) in place, keeping the exact longs in step. */
    void store(String op, double[] values) {
        System.arraycopy(values, 0, data(op), 0, values.length);
        if (exact != null) {
            for (int i = 0; i < values.length; i++) {
                exact[i] = (long) values[i];
            }
        }
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /** The live storage, for the backend's in-place ops; fails on a closed array. */
    double[] data(String op) {
        if (closed) {
            throw new IllegalStateException(op + ": the " + dtype + " array of shape " + shape + " is closed");
        }
        return data;
    }

    /** Convenience for tests: the values, for any dtype. */
    public double[] values() {
        return data("values").clone();
    }

    @Override
    public String toString() {
        String body = closed ? "closed" : data.length <= 16 ? Arrays.toString(data) : data.length + " values";
        return "ReferenceArray(" + dtype + " " + shape + ", " + body + ")";
    }
}
