package dev.neurite.apps.inject;

import dev.neurite.api.nn.Layer;

/** Makes the model to train; bound by {@link ModelModule} or by an application's own module. */
@FunctionalInterface
public interface ModelFactory {
    /** A new model whose initial weights depend only on {@code seed}. */
    Layer create(long seed);
}
