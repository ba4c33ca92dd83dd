package dev.neurite.api.testing;

import dev.neurite.api.backend.Backend;
import dev.neurite.api.backend.BackendProvider;

/**
 * Makes the {@link ReferenceBackend} discoverable. Its priority sits below cpu's 10, so any real backend on the
 * class path wins, and api's own tests (which have none) run on the reference backend.
 */
public final class ReferenceBackendProvider implements BackendProvider {
    static final String DEVICE = "pure-Java float64 reference (tests only)";

    @Override
    public String name() {
        return ReferenceBackend.NAME;
    }

    @Override
    public int priority() {
        return 1;
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public String unavailableReason() {
        return "";
    }

    @Override
    public String device() {
        return DEVICE;
    }

    @Override
    public Backend create() {
        return new ReferenceBackend();
    }
}
