package dev.neurite.apps.inject;

import com.google.inject.ConfigurationException;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;

/**
 * Gets instances from an injector with Neurite's own exceptions intact: Guice wraps what a provider throws (a
 * {@code BackendUnavailableException}, a missing data set) in a {@link ProvisionException}, which would hide the
 * message and the exit code the command line derives from it.
 */
public final class Injection {
    private Injection() {
    }

    public static <T> T instance(Injector injector, Class<T> type) {
        try {
            return injector.getInstance(type);
        } catch (ProvisionException | ConfigurationException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            if (cause != null) {
                throw new IllegalStateException(cause.getMessage(), cause);
            }
            throw e;
        }
    }
}
