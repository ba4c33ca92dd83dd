package dev.neurite.backend.nd4j;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.Backend;
import dev.neurite.api.backend.NdArray;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A handle onto an ND4J array. Several handles may share one {@link Storage} (reshape, permute, slice, copy), but
 * each behaves as an independent value: a write through {@link #writable()} first copies shared storage
 * (copy-on-write), so views are free and never alias visibly.
 */
final class Nd4jArray implements NdArray {
    private final Nd4jBackend backend;
    private final Shape shape;
    private final DType dtype;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile INDArray array;
    private volatile Storage storage;

    Nd4jArray(Nd4jBackend backend, INDArray array, Storage storage, Shape shape, DType dtype) {
        this.backend = backend;
        this.array = array;
        this.storage = storage;
        this.shape = shape;
        this.dtype = dtype;
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
        if (closed.compareAndSet(false, true)) {
            storage.release();
        }
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    /** The ND4J array to read; {@code op} names the caller for the error when this handle is closed. */
    INDArray read(String op) {
        if (closed.get()) {
            throw new IllegalStateException(op + ": the input array " + shape + " " + dtype + " is closed");
        }
        return array;
    }

    /** The ND4J array to write in place, unshared first so that no other handle sees the write. */
    synchronized INDArray writable(String op) {
        INDArray a = read(op);
        Storage s = storage;
        if (s.shared()) {
            INDArray own = Nd4jCalls.denseCopy(a);
            storage = Storage.of(own);
            array = own;
            s.release();
            return own;
        }
        return a;
    }

    /** A new handle onto {@code view}, sharing this handle's storage when the view reads it. */
    Nd4jArray derive(INDArray view, Shape viewShape) {
        Storage s = storage;
        if (s.backs(view)) {
            s.retain();
            return new Nd4jArray(backend, view, s, viewShape, dtype);
        }
        return new Nd4jArray(backend, view, Storage.of(view), viewShape, dtype);
    }

    @Override
    public String toString() {
        return "Nd4jArray" + shape + " " + dtype + (closed.get() ? " (closed)" : "");
    }
}
