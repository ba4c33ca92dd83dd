package dev.neurite.api.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Finds backends: providers from {@link ServiceLoader} plus providers registered at run time (the OSGi launcher
 * registers those it sees as services). {@link #current()} picks the highest-priority available one unless
 * {@code -Dneurite.backend=NAME} or {@code NEURITE_BACKEND=NAME} forces a choice.
 */
public final class Backends {
    public static final String PROPERTY = "neurite.backend";
    public static final String ENVIRONMENT = "NEURITE_BACKEND";

    private static final System.Logger LOG = System.getLogger(Backends.class.getName());
    private static final List<BackendProvider> REGISTERED = new CopyOnWriteArrayList<>();
    private static final Map<String, Backend> CREATED = new ConcurrentHashMap<>();
    private static volatile Backend current;
    /** Whether {@link #current} was chosen by discovery (true) or set by {@link #use} (false). */
    private static volatile boolean discovered;

    private Backends() {
    }

    /** Every provider found, registered ones first, then those of the class path / module path. */
    public static List<BackendProvider> providers() {
        List<BackendProvider> all = new ArrayList<>(REGISTERED);
        ClassLoader[] loaders = {Thread.currentThread().getContextClassLoader(), Backends.class.getClassLoader()};
        for (ClassLoader loader : loaders) {
            if (loader == null) {
                continue;
            }
            try {
                for (BackendProvider p : ServiceLoader.load(BackendProvider.class, loader)) {
                    if (all.stream().noneMatch(q -> q.name().equals(p.name()))) {
                        all.add(p);
                    }
                }
            } catch (java.util.ServiceConfigurationError e) {
                LOG.log(System.Logger.Level.WARNING, "a backend provider could not be loaded: " + e.getMessage());
            }
        }
        all.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
        return all;
    }

    /** The backend in use: forced by property/environment, else the best available provider. Chosen once. */
    public static Backend current() {
        Backend b = current;
        if (b == null) {
            synchronized (Backends.class) {
                b = current;
                if (b == null) {
                    b = choose();
                    current = b;
                    discovered = true;
                }
            }
        }
        return b;
    }

    /** Makes {@code backend} the current one for this process (tests, the CLI's {@code --backend}). */
    public static void use(Backend backend) {
        current = backend;
        discovered = false;
    }

    /** The backend named {@code name}, created on first use; fails with the reason if it is unavailable. */
    public static Backend byName(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        Backend existing = CREATED.get(key);
        if (existing != null) {
            return existing;
        }
        List<BackendProvider> all = providers();
        for (BackendProvider p : all) {
            if (p.name().equalsIgnoreCase(key)) {
                if (!p.isAvailable()) {
                    throw new BackendUnavailableException("backend '" + name + "' was found but is unavailable: "
                            + p.unavailableReason());
                }
                return CREATED.computeIfAbsent(key, k -> p.create());
            }
        }
        throw new BackendUnavailableException("backend '" + name + "' was requested but not found. " + describe(all));
    }

    /**
     * Adds a provider at run time (the OSGi launcher does this for services). If the current backend was chosen by
     * discovery and the new provider outranks it, the next {@link #current()} chooses again, so new work moves to the
     * better backend when it is available (and stays where it was when it is not). A backend set with {@link #use}
     * is kept.
     */
    public static void register(BackendProvider provider) {
        REGISTERED.add(provider);
        synchronized (Backends.class) {
            Backend b = current;
            if (b != null && discovered && provider.priority() > priorityOf(b.name())) {
                current = null;
            }
        }
    }

    /** The priority of the provider called {@code name}, or the lowest when none is (any provider outranks it). */
    private static int priorityOf(String name) {
        for (BackendProvider p : providers()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p.priority();
            }
        }
        return Integer.MIN_VALUE;
    }

    /** Retracts a registered provider; if its backend is current, the next lookup chooses again. */
    public static void unregister(BackendProvider provider) {
        REGISTERED.remove(provider);
        Backend created = CREATED.remove(provider.name().toLowerCase(Locale.ROOT));
        if (created != null && created == current) {
            current = null;
        }
    }

    private static Backend choose() {
        String forced = System.getProperty(PROPERTY);
        if (forced == null || forced.isBlank()) {
            forced = System.getenv(ENVIRONMENT);
        }
        if (forced != null && !forced.isBlank()) {
            return byName(forced.trim());
        }
        List<BackendProvider> all = providers();
        for (BackendProvider p : all) {
            if (p.isAvailable()) {
                for (BackendProvider skipped : all) {
                    if (skipped.priority() > p.priority()) {
                        LOG.log(System.Logger.Level.INFO, "backend '" + skipped.name() + "' skipped: "
                                + skipped.unavailableReason());
                    }
                }
                return byName(p.name());
            }
        }
        throw new BackendUnavailableException("no Neurite backend is available. " + describe(all));
    }

    private static String describe(List<BackendProvider> all) {
        if (all.isEmpty()) {
            return "No backend is on the class path: add a backend jar, e.g. the Maven artifact "
                    + "dev.neurite:neurite-backend-cpu (or neurite-backend-cuda for NVIDIA GPUs).";
        }
        StringBuilder sb = new StringBuilder("Found:");
        for (BackendProvider p : all) {
            sb.append(' ').append(p.name()).append(" (").append(p.isAvailable() ? "available" : "unavailable: "
                    + p.unavailableReason()).append(')');
        }
        return sb.toString();
    }
}
