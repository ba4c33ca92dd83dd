package dev.neurite.apps.cli;

import dev.neurite.api.backend.BackendProvider;
import dev.neurite.api.backend.Backends;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code neurite backends}: what was discovered, how it ranks, and why anything is unavailable. */
@Command(name = "backends", mixinStandardHelpOptions = true, description = "List discovered backends with priority, availability and device.")
final class BackendsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        List<BackendProvider> providers = Backends.providers();
        if (providers.isEmpty()) {
            System.out.println("No backend found. Add a backend jar to the class path, e.g. dev.neurite:neurite-backend-cpu.");
            return ExitCodes.UNAVAILABLE;
        }
        System.out.print(BackendTable.render(providers));
        return BackendTable.anyAvailable(providers) ? ExitCodes.OK : ExitCodes.UNAVAILABLE;
    }
}
