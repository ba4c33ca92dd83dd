package dev.neurite.apps.osgi;

import java.util.function.Supplier;

/**
 * Runs work with a bundle's class loader as the thread's context class loader. {@code Backends} and {@code Registry}
 * also ask {@code ServiceLoader} on the context loader; on a thread that came from outside the framework that loader
 * may see the class path's copies of Neurite's providers, which are not the framework's types. A bundle's own loader
 * sees only the bundle, so inside Felix only the OSGi services count.
 */
public final class ContextClassLoader {
    private ContextClassLoader() {
    }

    /** Calls {@code work} with {@code owner}'s class loader as the context loader, then restores the previous one. */
    public static <T> T with(Class<?> owner, Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        thread.setContextClassLoader(owner.getClassLoader());
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(saved);
        }
    }
}
