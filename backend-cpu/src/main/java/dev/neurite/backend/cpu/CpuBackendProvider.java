package dev.neurite.backend.cpu;

import dev.neurite.api.backend.Backend;
import dev.neurite.api.backend.BackendProvider;
import dev.neurite.api.backend.BackendUnavailableException;
import dev.neurite.backend.nd4j.Nd4jBackend;

/** Discovers the ND4J CPU backend; found through {@link java.util.ServiceLoader} or an OSGi service. */
public final class CpuBackendProvider implements BackendProvider {
    public static final String NAME = "cpu";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 10;
    }

    /** Loads the natives on first call (about 2.5 s), so that a yes means the backend really runs. */
    @Override
    public boolean isAvailable() {
        try {
            return CpuNatives.status().available();
        } catch (Throwable t) {
            return false;
        }
    }

    @Override
    public String unavailableReason() {
        try {
            return CpuNatives.status().reason();
        } catch (Throwable t) {
            return "the ND4J classes could not be loaded: " + t;
        }
    }

    @Override
    public String device() {
        return CpuNatives.device();
    }

    @Override
    public Backend create() {
        if (!isAvailable()) {
            throw new BackendUnavailableException("backend 'cpu' is unavailable: " + unavailableReason());
        }
        CpuNatives.require();
        return new Nd4jBackend(NAME, CpuNatives::device);
    }
}
