package dev.neurite.apps.examples.osgi;

import dev.neurite.api.backend.BackendProvider;
import dev.neurite.api.backend.BackendUnavailableException;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The example application bundle: trains an {@link ImageClassifier} on the best available backend and offers it as a
 * service. It watches the {@link BackendProvider} services: when backends come or go it trains again, so a classifier
 * whose backend was removed is withdrawn and replaced by one on the next backend, or by none, with a message, when no
 * backend is left.
 */
public final class ImageClassifierActivator implements BundleActivator {
    private static final System.Logger LOG = System.getLogger(ImageClassifierActivator.class.getName());
    static final int SAMPLES = 2000;
    static final int EPOCHS = 2;
    static final long SEED = 7;
    static final int RETRIES = 50;
    static final long RETRY_PAUSE_MILLIS = 100;

    private BundleContext context;
    private ExecutorService worker;
    private ServiceTracker<BackendProvider, BackendProvider> backends;
    private ServiceRegistration<ImageClassifier> served;
    private boolean trainedOnce;

    @Override
    public void start(BundleContext context) {
        this.context = context;
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "neurite-example-classifier");
            // Registry and Backends also consult ServiceLoader on the context loader: this bundle's sees only services.
            t.setContextClassLoader(ImageClassifierActivator.class.getClassLoader());
            t.setDaemon(true);
            return t;
        });
        backends = new ServiceTracker<>(context, BackendProvider.class, null) {
            @Override
            public BackendProvider addingService(ServiceReference<BackendProvider> reference) {
                BackendProvider p = super.addingService(reference);
                worker.execute(ImageClassifierActivator.this::retrain);
                return p;
            }

            @Override
            public void removedService(ServiceReference<BackendProvider> reference, BackendProvider service) {
                super.removedService(reference, service);
                worker.execute(ImageClassifierActivator.this::retrain);
            }
        };
        backends.open();
    }

    @Override
    public void stop(BundleContext context) {
        backends.close();
        worker.shutdownNow();
        withdraw();
    }

    /** Trains on the current backend, until the backend trained on is still the best offered when training ends. */
    private void retrain() {
        int attempts = 0;
        while (true) {
            List<String> offered = offered();
            // Keep the classifier while its backend is still the best one offered; otherwise train on the best.
            if (served != null && !offered.isEmpty() && offered.get(0).equals(served.getReference().getProperty("neurite.backend"))) {
                return;
            }
            withdraw();
            if (offered.isEmpty()) {
                // A warning once a classifier was lost; at start, backends simply have not all arrived yet.
                LOG.log(trainedOnce ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                        "image classifier: no backend is available; waiting for a backend bundle");
                return;
            }
            TrainedClassifier classifier;
            try {
                classifier = TrainedClassifier.train(SAMPLES, EPOCHS, SEED);
            } catch (BackendUnavailableException e) {
                // A provider service can be seen here a moment before the bridge hands it to Backends: try again.
                if (++attempts < RETRIES && !offered().isEmpty() && pause()) {
                    continue;
                }
                LOG.log(System.Logger.Level.WARNING, "image classifier: " + e.getMessage());
                return;
            }
            List<String> now = offered();
            if (!now.isEmpty() && now.get(0).equals(classifier.backend())) {
                Hashtable<String, Object> props = new Hashtable<>();
                props.put("neurite.backend", classifier.backend());
                props.put("neurite.accuracy", classifier.accuracy());
                served = context.registerService(ImageClassifier.class, classifier, props);
                trainedOnce = true;
                LOG.log(System.Logger.Level.INFO, String.format("image classifier trained on '%s': %.1f%% held-out accuracy",
                        classifier.backend(), 100 * classifier.accuracy()));
                return;
            }
        }
    }

    /**
     * Names of the backends that are offered and available now, best first, asked of the service registry (the
     * tracker may not count a service yet while it is being added).
     */
    private List<String> offered() {
        List<BackendProvider> available = new ArrayList<>();
        try {
            for (ServiceReference<BackendProvider> ref : context.getServiceReferences(BackendProvider.class, null)) {
                BackendProvider p = context.getService(ref);
                try {
                    if (p != null && p.isAvailable()) {
                        available.add(p);
                    }
                } finally {
                    context.ungetService(ref);
                }
            }
        } catch (InvalidSyntaxException | IllegalStateException e) {
            // No filter is given; IllegalStateException: this bundle is stopping.
        }
        available.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
        return available.stream().map(BackendProvider::name).toList();
    }

    /** Waits a little before trying again; false when the bundle is stopping. */
    private static boolean pause() {
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void withdraw() {
        if (served != null) {
            try {
                served.unregister();
            } catch (IllegalStateException alreadyGone) {
                // The bundle is stopping.
            }
            served = null;
        }
    }
}
