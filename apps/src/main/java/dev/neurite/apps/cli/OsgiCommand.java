package dev.neurite.apps.cli;

import dev.neurite.apps.osgi.FelixLauncher;
import org.osgi.framework.launch.Framework;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code neurite osgi}: Neurite's bundles in an embedded Apache Felix, with a watched bundles directory. */
@Command(name = "osgi", mixinStandardHelpOptions = true,
        description = {"Start an embedded Apache Felix with Declarative Services, FileInstall watching the bundles "
                + "directory and the Gogo shell (commands neurite:backends and neurite:train; 'stop 0' to quit).",
                "Drop a bundle into the directory to start it, remove it to retract it: e.g. remove "
                        + "neurite-backend-cpu.jar and the cpu backend goes, put it back and it returns."})
final class OsgiCommand implements Callable<Integer> {
    @Option(names = "--bundles", paramLabel = "DIR", description = "Directory FileInstall watches (default: the "
            + "distribution's bundles/, beside the neurite-apps jar).")
    Path bundles;

    @Option(names = "--cache", paramLabel = "DIR", description = "Framework storage, emptied at each start (default: "
            + "felix-cache/ beside the bundles directory of the distribution).")
    Path cache;

    @Option(names = "--poll", paramLabel = "MS", defaultValue = "1000", description = "How often FileInstall looks at the "
            + "directory, in milliseconds (default: ${DEFAULT-VALUE}).")
    long pollMillis;

    @Option(names = "--no-shell", description = "Run without the Gogo shell (for services and scripts).")
    boolean noShell;

    @Override
    public Integer call() throws Exception {
        Path home = distribution();
        Path watched = bundles != null ? bundles : home.resolve("bundles");
        // One fixed place, cleaned at each start: the runtime bundles' embedded jars are extracted there (~0.5 GB).
        Path storage = cache != null ? cache : home.resolve("felix-cache");
        Framework framework = FelixLauncher.start(new FelixLauncher.Settings(home.resolve("felix"), watched, storage,
                !noShell, pollMillis));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                framework.stop();
                framework.waitForStop(10_000);
            } catch (Exception ignored) {
                // The JVM is exiting anyway.
            }
        }, "neurite-osgi-shutdown"));
        System.out.println("neurite osgi: Felix running, watching " + watched.toAbsolutePath());
        framework.waitForStop(0);
        return ExitCodes.OK;
    }

    /** The directory holding the neurite-apps jar (apps/target in a build), where bundles/ and felix/ are. */
    static Path distribution() throws URISyntaxException {
        Path location = Path.of(OsgiCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return location.getParent();
    }
}
