package dev.neurite.apps.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.neurite.api.backend.Backend;
import dev.neurite.api.backend.Backends;

/**
 * Binds {@link Backend}: the discovered backend (the best available, or the one {@code -Dneurite.backend} /
 * {@code NEURITE_BACKEND} forces), or the one named here, which then becomes the process's current backend so
 * that every tensor the application creates lives on it.
 */
public final class BackendModule extends AbstractModule {
    private final String name;

    /** The discovered backend. */
    public BackendModule() {
        this(null);
    }

    /** The backend called {@code name}, or the discovered one when {@code name} is null or blank. */
    public BackendModule(String name) {
        this.name = name;
    }

    @Provides
    @Singleton
    Backend backend() {
        if (name == null || name.isBlank()) {
            return Backends.current();
        }
        Backend chosen = Backends.byName(name.trim());
        Backends.use(chosen);
        return chosen;
    }
}
