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
 * <p>Shape, dtype and backend stay readable after {@link #close()} (error messages need them); reading or
 * writing the values of a closed array raises {@link IllegalStateException}.
 */
public final class ReferenceArray implements NdArray {
    private final ReferenceBackend backend;
    private final Shape shape;
    private final DType dtype;
    private final double[] data;
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
