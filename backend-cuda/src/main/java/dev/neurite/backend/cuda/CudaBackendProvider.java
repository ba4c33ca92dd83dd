package dev.neurite.backend.cuda;

import dev.neurite.api.backend.Backend;
import dev.neurite.api.backend.BackendProvider;
import dev.neurite.api.backend.BackendUnavailableException;
import dev.neurite.backend.nd4j.Nd4jBackend;

/**
 * Discovers the ND4J CUDA backend; found through {@link java.util.ServiceLoader} or an OSGi service. Outranks
 * {@code cpu} when a usable GPU is present; without one it answers no from file checks alone (milliseconds),
 * never touching ND4J, so the CPU backend still starts in the same JVM.
 */
public final class CudaBackendProvider implements BackendProvider {
    public static final String NAME = "cuda";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    /** On a machine that passes the checks, starts ND4J's CUDA build (seconds), so that a yes means it runs. */
    @Override
    public boolean isAvailable() {
        try {
            return CudaNatives.status().available();
        } catch (Throwable t) {
            return false;
        }
    }

    @Override
    public String unavailableReason() {
        try {
            return CudaNatives.status().reason();
        } catch (Throwable t) {
            return "the ND4J CUDA classes could not be loaded: " + t;
        }
    }

    @Override
    public String device() {
        return CudaNatives.device();
    }

    @Override
    public Backend create() {
        if (!isAvailable()) {
            throw new BackendUnavailableException("backend 'cuda' is unavailable: " + unavailableReason());
        }
        CudaNatives.require();
        return new Nd4jBackend(NAME, CudaNatives::device);
    }
}
