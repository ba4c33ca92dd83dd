package dev.neurite.api.backend;

/**
 * Service interface through which backends are discovered ({@link java.util.ServiceLoader}, or OSGi services).
 * Providers are cheap to construct; the backend itself is created on first {@link #create()}.
 */
public interface BackendProvider {
    /** Stable short name, e.g. {@code cpu}, {@code cuda}. */
    String name();

    /** Higher wins when several are available; cpu is 10, accelerators 100. */
    int priority();

    /**
     * Whether this backend can run here. Must answer quickly, must not throw, and must not leave a native
     * library half-initialised when the answer is no.
     */
    boolean isAvailable();

    /** Why the backend is unavailable (empty when it is available): missing driver, device, natives jar... */
    String unavailableReason();

    /** Short description of the device, available or not. */
    String device();

    /** The backend; called once per process by {@link Backends}, only when {@link #isAvailable()}. */
    Backend create();
}
