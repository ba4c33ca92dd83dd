package dev.neurite.conformance;

import dev.neurite.api.backend.Backend;
import dev.neurite.api.backend.BackendProvider;
import dev.neurite.api.backend.Backends;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link BackendConformance#assumeAvailable}: a backend without its device reports the kit as skipped, with why. */
class AssumeAvailableTest {
    private static final class AbsentDevice implements BackendProvider {
        @Override
        public String name() {
            return "absent-device";
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public boolean isAvailable() {
            return false;
        }

        @Override
        public String unavailableReason() {
            return "no device found (driver not loaded)";
        }

        @Override
        public String device() {
            return "none";
        }

        @Override
        public Backend create() {
            throw new IllegalStateException("unavailable");
        }
    }

    @Test
    void abortsWithTheProvidersReason() {
        BackendProvider p = new AbsentDevice();
        Backends.register(p);
        try {
            TestAbortedException e = assertThrows(TestAbortedException.class,
                    () -> BackendConformance.assumeAvailable("absent-device"));
            assertTrue(e.getMessage().contains("absent-device") && e.getMessage().contains("no device found (driver not loaded)"),
                    e.getMessage());
        } finally {
            Backends.unregister(p);
        }
    }

    @Test
    void abortsNamingWhatWasFoundWhenTheProviderIsMissing() {
        TestAbortedException e = assertThrows(TestAbortedException.class,
                () -> BackendConformance.assumeAvailable("no-such-backend"));
        assertTrue(e.getMessage().contains("no-such-backend") && e.getMessage().contains("reference"), e.getMessage());
    }

    @Test
    void passesForAnAvailableProvider() {
        assertDoesNotThrow(() -> BackendConformance.assumeAvailable("reference"));
    }
}
