package dev.neurite.apps.cli;

import dev.neurite.api.backend.BackendProvider;

import java.util.List;
import java.util.Locale;

/** The table of {@code neurite backends} (and of the OSGi shell's {@code neurite:backends}). */
public final class BackendTable {
    private BackendTable() {
    }

    /**
     * One row per provider, best first; the first available one is marked as the default. The status comes last
     * because an unavailable backend's reason is a sentence that says what to install.
     */
    public static String render(List<BackendProvider> providers) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-10s %-9s %s%n", "NAME", "PRIORITY", "STATUS"));
        boolean chosen = false;
        for (BackendProvider p : providers) {
            boolean available = p.isAvailable();
            String status = available ? (chosen ? "available" : "available (default)") + ": " + p.device()
                    : "unavailable: " + p.unavailableReason();
            chosen |= available;
            sb.append(String.format(Locale.ROOT, "%-10s %-9d %s%n", p.name(), p.priority(), status));
        }
        return sb.toString();
    }

    /** Whether any provider is available. */
    public static boolean anyAvailable(List<BackendProvider> providers) {
        return providers.stream().anyMatch(BackendProvider::isAvailable);
    }
}
