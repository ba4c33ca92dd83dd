package dev.neurite.apps.cli;

import dev.neurite.api.backend.Backend;
import dev.neurite.api.backend.Backends;
import picocli.CommandLine.Option;

/** {@code --backend NAME}, shared by every command that computes. */
public final class BackendOptions {
    @Option(names = "--backend", paramLabel = "NAME",
            description = "Backend to use (cpu, cuda, ...). Default: the best available; also NEURITE_BACKEND or -Dneurite.backend.")
    String backend;

    /** Selects the backend and returns it; unavailability surfaces as a BackendUnavailableException. */
    public Backend select() {
        if (backend == null || backend.isBlank()) {
            return Backends.current();
        }
        Backend chosen = Backends.byName(backend.trim());
        Backends.use(chosen);
        return chosen;
    }
}
