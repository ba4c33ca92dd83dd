package dev.neurite.apps.inject;

import com.google.inject.AbstractModule;
import dev.neurite.apps.models.Models;

/** Binds {@link ModelFactory} to one of the command line's models by name ({@code mlp}, {@code cnn}, {@code resnet}). */
public final class ModelModule extends AbstractModule {
    private final String name;

    public ModelModule(String name) {
        Models.byName(name, 0); // fails now, naming the known models, rather than when the injector first needs it
        this.name = name;
    }

    @Override
    protected void configure() {
        bind(ModelFactory.class).toInstance(seed -> Models.byName(name, seed));
    }
}
