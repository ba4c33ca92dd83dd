package dev.neurite.apps.osgi;

import dev.neurite.api.backend.BackendProvider;
import dev.neurite.api.backend.BackendUnavailableException;
import dev.neurite.api.backend.Backends;
import dev.neurite.apps.cli.BackendTable;
import dev.neurite.apps.models.RegistryClassifier;
import org.osgi.service.component.annotations.Component;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code neurite:} commands of the Gogo shell ({@code neurite:backends}, {@code neurite:train}); Gogo finds them
 * through the {@code osgi.command.*} service properties, so this bundle needs no Gogo classes. Also a service other
 * bundles (and the integration test) can call: everything here goes through the OSGi services that
 * {@link ProviderBridge} feeds into {@code Backends} and {@code Registry}.
 */
@Component(service = NeuriteCommands.class, property = {"osgi.command.scope=neurite",
        "osgi.command.function=backends", "osgi.command.function=train"})
public final class NeuriteCommands {
    static final int DEFAULT_EPOCHS = 2;
    static final int DEFAULT_SAMPLES = 2000;
    static final long DEFAULT_SEED = 42;

    /** {@code neurite:backends}: the backends the framework offers now, as {@code neurite backends} prints them. */
    public String backends() {
        return ContextClassLoader.with(NeuriteCommands.class, () -> {
            List<BackendProvider> providers = Backends.providers();
            return providers.isEmpty() ? "No backend bundle is installed: drop one (e.g. neurite-backend-cpu.jar) into "
                    + "the bundles directory." : BackendTable.render(providers);
        });
    }

    /** {@code neurite:train}: trains the registry classifier for 2 epochs on 2000 synthetic images (seed 42). */
    public String train() {
        return train(DEFAULT_EPOCHS);
    }

    /** {@code neurite:train EPOCHS}. */
    public String train(int epochs) {
        return train(epochs, DEFAULT_SAMPLES, DEFAULT_SEED);
    }

    /** {@code neurite:train EPOCHS SAMPLES SEED}: a summary line per epoch, then the held-out accuracy. */
    public String train(int epochs, int samples, long seed) {
        Map<String, Object> r = run(epochs, samples, seed);
        StringBuilder sb = new StringBuilder("backend: " + r.get("backend") + "\n");
        double[] losses = (double[]) r.get("losses");
        for (int i = 0; i < losses.length; i++) {
            sb.append(String.format(Locale.ROOT, "epoch %d/%d  loss %.6f%n", i + 1, losses.length, losses[i]));
        }
        return sb.append(String.format(Locale.ROOT, "accuracy %.2f%%", 100 * (Double) r.get("accuracy"))).toString();
    }

    /**
     * Trains and returns JDK types only ({@code backend}: String, {@code losses}: double[] per epoch,
     * {@code accuracy}: Double), so callers outside the framework's class space can read the result.
     *
     * @throws IllegalStateException when no backend is available, saying what was found
     */
    public Map<String, Object> run(int epochs, int samples, long seed) {
        return ContextClassLoader.with(NeuriteCommands.class, () -> {
            RegistryClassifier.Result r;
            try {
                r = RegistryClassifier.train(epochs, samples, seed);
            } catch (BackendUnavailableException e) {
                throw new IllegalStateException("neurite:train: no backend is left to train on (" + e.getMessage()
                        + "); drop a backend bundle such as neurite-backend-cpu.jar into the bundles directory", e);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("backend", r.backend());
            out.put("losses", Arrays.copyOf(r.epochLosses(), r.epochLosses().length));
            out.put("accuracy", r.accuracy());
            return out;
        });
    }
}
