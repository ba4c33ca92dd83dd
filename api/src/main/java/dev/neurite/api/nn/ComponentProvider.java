package dev.neurite.api.nn;

/**
 * Service interface ({@link java.util.ServiceLoader}, or OSGi) through which a module contributes its layer,
 * loss, optimizer and schedule types to the {@link Registry}.
 */
public interface ComponentProvider {
    /** The Maven artifact that holds these types, named in errors when a saved model needs it and it is absent. */
    String module();

    void register(Registry.Builder registry);
}
