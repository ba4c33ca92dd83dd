package dev.neurite.api.backend;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;

/**
 * An opaque handle to a backend's n-dimensional array. Users see {@link dev.neurite.api.Tensor}; only backends
 * and kernels see this type.
 *
 * <p>Handles are immutable from the API's point of view except through {@link Backend#assign} and
 * {@link Backend#applyInPlace}. {@link #close()} releases this handle; a backend that returns views must keep
 * the shared storage alive until every handle onto it is closed, so closing one never invalidates another.
 */
public interface NdArray extends AutoCloseable {
    Shape shape();

    DType dtype();

    Backend backend();

    /** Releases this handle's native memory (or its share of it). Idempotent. */
    @Override
    void close();

    boolean isClosed();
}
