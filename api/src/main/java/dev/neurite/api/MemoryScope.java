package dev.neurite.api;

import dev.neurite.api.backend.NdArray;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Releases, when closed, every tensor created on this thread while it was open, except those passed to
 * {@link #keep}. Backend memory lives off the Java heap, so a training loop must not wait for the garbage
 * collector: the Trainer opens one scope per step, and so can user code.
 *
 * <pre>{@code
 * try (MemoryScope scope = MemoryScope.open()) {
 *     Tensor loss = model.forward(x).sub(y).square().mean();
 *     loss.backward();
 *     optimizer.step();          // parameters change in place and live outside the scope
 *     return MemoryScope.keep(loss.detach());
 * }
 * }</pre>
 *
 * Scopes nest; a kept tensor moves to the enclosing scope (or to none). A tensor that shares storage with a
 * released one (e.g. from {@link Tensor#detach()}) is released with it.
 */
public final class MemoryScope implements AutoCloseable {
    private static final ThreadLocal<MemoryScope> CURRENT = new ThreadLocal<>();

    private final MemoryScope parent;
    private final Set<NdArray> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    private MemoryScope(MemoryScope parent) {
        this.parent = parent;
    }

    public static MemoryScope open() {
        MemoryScope s = new MemoryScope(CURRENT.get());
        CURRENT.set(s);
        return s;
    }

    /** Moves {@code tensor}'s storage (and its gradient's) out of the current scope into the enclosing one. */
    public static Tensor keep(Tensor tensor) {
        MemoryScope s = CURRENT.get();
        if (s != null && s.owned.remove(tensor.data()) && s.parent != null) {
            s.parent.owned.add(tensor.data());
        }
        if (tensor.grad() != null) {
            keep(tensor.grad());
        }
        return tensor;
    }

    /** Runs {@code body} with no scope active, so what it creates outlives the current scope (optimizer state). */
    public static <T> T outside(Supplier<T> body) {
        MemoryScope saved = CURRENT.get();
        CURRENT.set(null);
        try {
            return body.get();
        } finally {
            CURRENT.set(saved);
        }
    }

    static void track(NdArray array) {
        MemoryScope s = CURRENT.get();
        if (s != null) {
            s.owned.add(array);
        }
    }

    /** Number of arrays this scope will release; useful in leak tests. */
    public int size() {
        return owned.size();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (CURRENT.get() != this) {
            throw new IllegalStateException("MemoryScope closed out of order: close inner scopes first");
        }
        CURRENT.set(parent);
        for (NdArray a : owned) {
            a.close();
        }
        owned.clear();
    }
}
