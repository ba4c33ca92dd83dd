package dev.neurite.apps.inject;

import com.google.inject.AbstractModule;
import dev.neurite.apps.models.ClassifierRecipe;

/** Binds the training configuration: epochs, batch size, learning rate and schedule, seed, augmentation. */
public final class TrainingModule extends AbstractModule {
    private final ClassifierRecipe recipe;

    public TrainingModule(ClassifierRecipe recipe) {
        this.recipe = recipe;
    }

    @Override
    protected void configure() {
        bind(ClassifierRecipe.class).toInstance(recipe);
    }
}
