package dev.neurite.apps.cli;

import dev.neurite.api.backend.BackendProvider;
import dev.neurite.api.backend.Backends;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code neurite backends}: what was discovered, how it ranks, and why anything is unavailable. */
@Command(name = "backends", mixinStandardHelpOptions = true, description = "List discovered backends with priority, availability and device (or why each unavailable one cannot run here).")
final class BackendsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        List<BackendProvider> providers = Backends.providers();
        if (providers.isEmpty()) {
            System.out.println("No backend found. Add a backend jar to the class path, e.g. dev.neurite:neurite-backend-cpu.");
            return ExitCodes.UNAVAILABLE;
        }
        // Status last: an unavailable backend's reason is a sentence, and it says what to install.
        System.out.printf("%-10s %-9s %s%n", "NAME", "PRIORITY", "STATUS");
        boolean chosen = false;
        for (BackendProvider p : providers) {
            boolean available = p.isAvailable();
            String status = available ? (chosen ? "available" : "available (default)") + ": " + p.device()
                    : "unavailable: " + p.unavailableReason();
            chosen |= available;
            System.out.printf("%-10s %-9d %s%n", p.name(), p.priority(), status);
        }
        return chosen ? ExitCodes.OK : ExitCodes.UNAVAILABLE;
    }
}
