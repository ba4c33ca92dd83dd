package dev.neurite.apps.osgi;

import dev.neurite.api.backend.BackendProvider;
import dev.neurite.api.backend.Backends;
import dev.neurite.api.nn.ComponentProvider;
import dev.neurite.api.nn.Registry;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Feeds OSGi services into the api's lookups: every {@link BackendProvider} service is registered with
 * {@link Backends} and every {@link ComponentProvider} with {@link Registry}, and retracted when its service goes. The
 * services may come from {@link ProviderExtender} or from any bundle that registers them itself. When the provider of
 * the current backend goes, {@code Backends} chooses again on the next lookup, so new work moves to the next
 * available backend (or fails saying none is left).
 */
@Component(immediate = true)
public final class ProviderBridge {
    @Reference(service = BackendProvider.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeBackend")
    void addBackend(BackendProvider provider) {
        Backends.register(provider);
    }

    void removeBackend(BackendProvider provider) {
        Backends.unregister(provider);
    }

    @Reference(service = ComponentProvider.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeComponents")
    void addComponents(ComponentProvider provider) {
        Registry.register(provider);
    }

    void removeComponents(ComponentProvider provider) {
        Registry.unregister(provider);
    }
}
