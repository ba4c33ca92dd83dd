package dev.neurite.apps.osgi;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Starts an embedded OSGi framework (Apache Felix) with the framework bundles of a distribution (Declarative
 * Services, FileInstall, Gogo) and FileInstall watching a directory of Neurite bundles: a jar dropped there is
 * installed and started, a jar removed is uninstalled, without a restart.
 */
public final class FelixLauncher {
    /** The Gogo shell bundle: reads the console, so it is left out when there is no shell to offer. */
    static final String SHELL_BUNDLE = "org.apache.felix.gogo.shell";

    private FelixLauncher() {
    }

    /** Where things are and how the framework behaves. */
    public record Settings(Path frameworkBundles, Path watched, Path cache, boolean shell, long pollMillis) {
        public Settings {
            if (pollMillis < 1) {
                throw new IllegalArgumentException("osgi: poll interval must be >= 1 ms, got " + pollMillis);
            }
        }
    }

    /**
     * Starts the framework and its bundles, and returns it running; FileInstall installs the watched directory's
     * bundles on its own thread right after.
     */
    public static Framework start(Settings settings) throws IOException, BundleException {
        // The watched directory first: it is the one a user names, so a mistyped --bundles is what the error reports.
        for (Path dir : List.of(settings.watched(), settings.frameworkBundles())) {
            if (!Files.isDirectory(dir)) {
                throw new IOException("osgi: no directory " + dir.toAbsolutePath() + " (build the distribution with "
                        + "./mvnw package; it assembles apps/target/bundles and apps/target/felix)");
            }
        }
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        // Framework and bundle threads inherit the context loader of the thread that starts them. The platform
        // loader sees none of the class path's Neurite jars, so ServiceLoader lookups inside find only bundles' own.
        thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        try {
            Framework framework = factory().newFramework(configuration(settings));
            framework.init();
            try {
                List<Bundle> installed = new ArrayList<>();
                for (Path jar : jars(settings.frameworkBundles())) {
                    if (!settings.shell() && jar.getFileName().toString().startsWith(SHELL_BUNDLE)) {
                        continue;
                    }
                    installed.add(framework.getBundleContext().installBundle(jar.toUri().toString()));
                }
                framework.start();
                for (Bundle b : installed) {
                    if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                        b.start();
                    }
                }
                return framework;
            } catch (BundleException | RuntimeException e) {
                framework.stop();
                throw e;
            }
        } finally {
            thread.setContextClassLoader(saved);
        }
    }

    static Map<String, String> configuration(Settings s) {
        Map<String, String> c = new HashMap<>();
        c.put(Constants.FRAMEWORK_STORAGE, s.cache().toAbsolutePath().toString());
        c.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // JavaCPP (under ND4J) uses sun.misc.Unsafe; without this its indexers fail with a NullPointerException.
        c.put(Constants.FRAMEWORK_BOOTDELEGATION, "sun.*");
        c.put("felix.fileinstall.dir", s.watched().toAbsolutePath().toString());
        c.put("felix.fileinstall.poll", Long.toString(s.pollMillis()));
        c.put("felix.fileinstall.noInitialDelay", "true");
        c.put("felix.fileinstall.log.level", "2");
        c.put("felix.log.level", "1");
        c.put("gosh.args", System.console() == null ? "--nointeractive" : "");
        return c;
    }

    private static FrameworkFactory factory() {
        Iterator<FrameworkFactory> found = ServiceLoader.load(FrameworkFactory.class,
                FelixLauncher.class.getClassLoader()).iterator();
        if (!found.hasNext()) {
            throw new IllegalStateException("osgi: no OSGi framework on the class path (org.apache.felix.framework)");
        }
        return found.next();
    }

    private static List<Path> jars(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }
}
