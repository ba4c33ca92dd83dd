package dev.neurite.conformance;

import dev.neurite.api.backend.Backend;
import dev.neurite.api.backend.Backends;
import org.junit.jupiter.api.BeforeAll;

/**
 * The kit bound to the backend {@link ConformanceRunner} was asked to check, looked up by name through
 * {@link Backends}; only the runner launches it (JUnit needs a concrete class, the name is only known at run time).
 */
final class NamedBackendConformance extends BackendConformance {
    private static volatile String target;

    static void target(String name) {
        target = name;
    }

    @BeforeAll
    static void available() {
        assumeAvailable(target);
    }

    @Override
    protected Backend backend() {
        return Backends.byName(target);
    }
}
