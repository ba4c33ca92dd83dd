package dev.neurite.apps.osgi;

import dev.neurite.api.backend.BackendProvider;
import dev.neurite.api.nn.ComponentProvider;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

/**
 * Publishes the providers that Neurite bundles declare for {@code ServiceLoader} as OSGi services (the extender
 * pattern): for every active bundle with a {@code META-INF/services} entry for {@link BackendProvider} or
 * {@link ComponentProvider}, each named class is loaded from that bundle and registered as a service <em>of that
 * bundle</em>, so the service goes when the bundle stops. Module jars therefore need no OSGi code of their own, and
 * the same jar works on the class path, on the module path and in Felix.
 */
@Component(immediate = true)
public final class ProviderExtender {
    static final String SERVICES = "META-INF/services/";
    private static final System.Logger LOG = System.getLogger(ProviderExtender.class.getName());
    private static final List<Class<?>> KINDS = List.of(BackendProvider.class, ComponentProvider.class);

    private BundleTracker<List<ServiceRegistration<?>>> tracker;

    @Activate
    void activate(BundleContext context) {
        tracker = new BundleTracker<>(context, Bundle.ACTIVE, new Customizer());
        tracker.open();
    }

    @Deactivate
    void deactivate() {
        tracker.close();
    }

    private static final class Customizer implements BundleTrackerCustomizer<List<ServiceRegistration<?>>> {
        @Override
        public List<ServiceRegistration<?>> addingBundle(Bundle bundle, BundleEvent event) {
            List<ServiceRegistration<?>> registered = new ArrayList<>();
            for (Class<?> kind : KINDS) {
                for (String className : declared(bundle, kind)) {
                    Object provider = instantiate(bundle, kind, className);
                    if (provider != null && bundle.getBundleContext() != null) {
                        registered.add(bundle.getBundleContext().registerService(kind.getName(), provider,
                                properties(provider)));
                    }
                }
            }
            return registered.isEmpty() ? null : registered;
        }

        @Override
        public void modifiedBundle(Bundle bundle, BundleEvent event, List<ServiceRegistration<?>> registered) {
        }

        @Override
        public void removedBundle(Bundle bundle, BundleEvent event, List<ServiceRegistration<?>> registered) {
            for (ServiceRegistration<?> r : registered) {
                try {
                    r.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // The framework unregisters a stopping bundle's services itself.
                }
            }
        }
    }

    /** The class names in the bundle's own {@code META-INF/services/<kind>} (its embedded jars are not looked at). */
    static List<String> declared(Bundle bundle, Class<?> kind) {
        URL entry = bundle.getEntry(SERVICES + kind.getName());
        List<String> names = new ArrayList<>();
        if (entry == null) {
            return names;
        }
        try (InputStream in = entry.openStream()) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String name = line.replaceFirst("#.*", "").trim();
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read " + entry + ": " + e.getMessage());
        }
        return names;
    }

    private static Object instantiate(Bundle bundle, Class<?> kind, String className) {
        try {
            Class<?> type = bundle.loadClass(className);
            if (!kind.isAssignableFrom(type)) {
                LOG.log(System.Logger.Level.WARNING, "bundle " + bundle.getSymbolicName() + ": " + className
                        + " is not a " + kind.getName() + " of the api bundle this extender sees; skipped");
                return null;
            }
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "bundle " + bundle.getSymbolicName() + ": cannot create " + className
                    + ": " + e);
            return null;
        }
    }

    private static Hashtable<String, Object> properties(Object provider) {
        Hashtable<String, Object> p = new Hashtable<>();
        if (provider instanceof BackendProvider b) {
            p.put("neurite.backend", b.name());
            p.put("service.ranking", b.priority());
        } else if (provider instanceof ComponentProvider c) {
            p.put("neurite.module", c.module());
        }
        return p;
    }
}
