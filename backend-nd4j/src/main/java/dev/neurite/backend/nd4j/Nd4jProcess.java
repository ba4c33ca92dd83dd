package dev.neurite.backend.nd4j;

import org.nd4j.common.config.ND4JClassLoading;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * ND4J holds one backend per process (static state in {@code Nd4j}), so a JVM runs at most one of Neurite's ND4J
 * backends: the first to load ND4J owns it, and any other then reports itself unavailable with
 * {@link #conflict(String)}'s reason instead of silently running on the owner's device.
 *
 * <p>Loading also makes ND4J see only the owner's ND4J backend class. Left alone, ND4J tries every backend on the
 * class path by priority, so with nd4j-cuda present and no GPU it first fails on the CUDA one and prints an
 * {@code UnsatisfiedLinkError} stack trace before settling on the CPU.
 */
public final class Nd4jProcess {
    static final String SERVICE = "META-INF/services/org.nd4j.linalg.factory.Nd4jBackend";

    private static String owner;
    private static String ownerFailure;

    private Nd4jProcess() {
    }

    /** The Neurite backend that loaded ND4J in this process, or null when none has yet. */
    public static synchronized String owner() {
        return owner;
    }

    /** Why backend {@code name} cannot load ND4J here (another backend already did), or null when it may. */
    public static synchronized String conflict(String name) {
        if (owner == null || owner.equals(name)) {
            return null;
        }
        return "ND4J already runs Neurite's '" + owner + "' backend in this process"
                + (ownerFailure == null ? "" : " (which failed to start: " + ownerFailure + ")")
                + "; ND4J holds one backend per JVM, so use '" + owner + "' here or run '" + name
                + "' in another process (--backend " + name + ", -Dneurite.backend=" + name + " or NEURITE_BACKEND="
                + name + ")";
    }

    /**
     * Loads ND4J for Neurite backend {@code name} with {@code nd4jBackendClass} as the only ND4J backend it can see,
     * configures it and self-tests it.
     *
     * @param loader the class loader that sees ND4J and its natives (the backend module's own)
     * @return null when ND4J runs {@code nd4jBackendClass}, else why not; never throws
     */
    public static synchronized String load(String name, String nd4jBackendClass, ClassLoader loader) {
        String conflict = conflict(name);
        if (conflict != null) {
            return conflict;
        }
        if (owner != null) {
            return ownerFailure;
        }
        // From here ND4J's static state may be touched, so no other backend may try after us, even if we fail.
        owner = name;
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        // ND4J reads the context loader when its class-loading helper initialises; inside OSGi it must be the bundle's.
        thread.setContextClassLoader(loader);
        try {
            ND4JClassLoading.setNd4jClassloader(new OnlyOneBackend(loader, nd4jBackendClass));
            String loaded = Nd4j.getBackend().getClass().getName();
            if (!loaded.equals(nd4jBackendClass)) {
                ownerFailure = "ND4J loaded " + loaded + " instead of " + nd4jBackendClass;
            } else {
                configure();
                ownerFailure = selfTest(loader);
            }
        } catch (Throwable t) {
            // Linkage errors are what missing or incompatible natives produce; report, never rethrow.
            ownerFailure = "ND4J failed to initialise: " + rootMessage(t);
        } finally {
            thread.setContextClassLoader(saved);
        }
        return ownerFailure;
    }

    private static void configure() {
        Environment env = Nd4j.getEnvironment();
        env.setDebug(false);
        env.setVerbose(false);
        env.setProfiling(false);
        env.setLeaksDetector(false);
        // Memory is released by NdArray.close(); ND4J's periodic System.gc() calls would only add pauses.
        Nd4j.getMemoryManager().togglePeriodicGc(false);
    }

    /**
     * Writes and reads back a tiny array: JavaCPP's indexers need {@code sun.misc.Unsafe}, which a module-path
     * application or an OSGi framework may hide, and ND4J then fails later with an obscure NullPointerException.
     */
    private static String selfTest(ClassLoader loader) {
        try {
            INDArray a = Nd4j.create(new float[]{1f, 2f}, new long[]{2}, DataType.FLOAT);
            if (a.getFloat(1) == 2f) {
                a.close();
                return null;
            }
            return "ND4J read back a wrong value in its self-test";
        } catch (RuntimeException | LinkageError e) {
            try {
                Class.forName("sun.misc.Unsafe", false, loader);
            } catch (ClassNotFoundException | LinkageError hidden) {
                return "JavaCPP cannot reach sun.misc.Unsafe: on the module path add --add-modules jdk.unsupported; "
                        + "in OSGi boot-delegate sun.* (org.osgi.framework.bootdelegation)";
            }
            return "ND4J failed its self-test: " + rootMessage(e);
        }
    }

    /** The innermost cause's class and message, e.g. {@code UnsatisfiedLinkError: no jnind4jcuda in ...}. */
    public static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return c.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /**
     * Delegates everything to {@code parent}, except that ND4J's backend service files are narrowed to the one
     * naming {@code backendClass}: ND4J's {@code ServiceLoader} then never instantiates another backend.
     */
    static final class OnlyOneBackend extends ClassLoader {
        private final String backendClass;

        OnlyOneBackend(ClassLoader parent, String backendClass) {
            super(parent);
            this.backendClass = backendClass;
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            Enumeration<URL> all = super.getResources(name);
            if (!SERVICE.equals(name)) {
                return all;
            }
            List<URL> kept = new ArrayList<>();
            for (URL url : Collections.list(all)) {
                if (names(url, backendClass)) {
                    kept.add(url);
                }
            }
            return Collections.enumeration(kept);
        }

        private static boolean names(URL url, String backendClass) throws IOException {
            try (InputStream in = url.openStream()) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    String entry = line.replaceFirst("#.*", "").trim();
                    if (entry.equals(backendClass)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
