package dev.neurite.api.backend;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Providers registered at run time (as the OSGi launcher does when a backend bundle arrives): new work moves to a
 * better backend that arrives later, unless the current backend was set explicitly.
 */
class BackendsRegistrationTest {
    private Backend saved;

    @BeforeEach
    void discovered() {
        saved = Backends.current();
        // Start from a discovered choice (the reference backend is the only provider on api's test class path).
        Backends.use(null);
        assertEquals("reference", Backends.current().name());
    }

    @AfterEach
    void restore() {
        Backends.use(saved);
    }

    @Test
    void aBetterProviderRegisteredLaterIsChosenForNewWorkAndLeavesWhenUnregistered() {
        Backend before = Backends.current();
        Provider better = new Provider("better", 50, true);
        Backends.register(better);
        try {
            assertEquals("better", Backends.current().name());
        } finally {
            Backends.unregister(better);
        }
        assertEquals("reference", Backends.current().name());
        assertSame(before, Backends.current(), "the reference backend made before is used again");
    }

    @Test
    void aBetterProviderThatIsUnavailableChangesNothing() {
        Backend before = Backends.current();
        Provider broken = new Provider("broken", 50, false);
        Backends.register(broken);
        try {
            assertSame(before, Backends.current());
        } finally {
            Backends.unregister(broken);
        }
    }

    @Test
    void aBackendSetWithUseIsKept() {
        Backend chosen = Backends.byName("reference");
        Backends.use(chosen);
        Provider better = new Provider("better", 50, true);
        Backends.register(better);
        try {
            assertSame(chosen, Backends.current());
            assertNotSame(null, Backends.byName("better"));
        } finally {
            Backends.unregister(better);
        }
    }

    /** A provider whose backend is only a name: these tests compute nothing with it. */
    private record Provider(String name, int priority, boolean available) implements BackendProvider {
        @Override
        public boolean isAvailable() {
            return available;
        }

        @Override
        public String unavailableReason() {
            return available ? "" : "test provider is unavailable";
        }

        @Override
        public String device() {
            return "none";
        }

        @Override
        public Backend create() {
            return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "name" -> name;
                        case "device" -> "none";
                        case "toString" -> "backend " + name;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
