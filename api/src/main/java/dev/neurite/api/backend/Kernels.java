package dev.neurite.api.backend;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * How layers ask for fused kernels. {@code -Dneurite.kernels=false} turns every fused kernel off for the process
 * (the primitive path then runs everywhere, as on a backend without kernels); {@link #disabledWhile} turns them
 * off on this thread, so tests can compare both paths in one run.
 */
public final class Kernels {
    private static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("neurite.kernels"));
    private static final ThreadLocal<Boolean> DISABLED_HERE = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private Kernels() {
    }

    public static <K> Optional<K> find(Backend backend, Class<K> kind) {
        return ENABLED && !DISABLED_HERE.get() ? backend.kernel(kind) : Optional.empty();
    }

    /** Runs {@code body} with fused kernels off on this thread. */
    public static <T> T disabledWhile(Supplier<T> body) {
        boolean previous = DISABLED_HERE.get();
        DISABLED_HERE.set(true);
        try {
            return body.get();
        } finally {
            DISABLED_HERE.set(previous);
        }
    }
}
