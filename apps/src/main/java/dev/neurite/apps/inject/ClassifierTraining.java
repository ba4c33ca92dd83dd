package dev.neurite.apps.inject;

import com.google.inject.Inject;
import dev.neurite.api.backend.Backend;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.train.Callback;
import dev.neurite.api.train.History;
import dev.neurite.api.train.Trainer;
import dev.neurite.apps.cli.TrainingData;
import dev.neurite.apps.models.ClassifierRecipe;
import dev.neurite.layers.optim.Adam;

import java.util.Map;

/**
 * An image classifier's training, assembled by Guice from what the modules bind: the {@link Backend}, the
 * {@link TrainingData}, the {@link ModelFactory} and the {@link ClassifierRecipe}. The model is created (seeded by the
 * recipe) when this is, on the bound backend.
 */
public final class ClassifierTraining {
    private final Backend backend;
    private final TrainingData data;
    private final ClassifierRecipe recipe;
    private final Layer model;
    private final Adam optimizer;

    @Inject
    public ClassifierTraining(Backend backend, TrainingData data, ModelFactory models, ClassifierRecipe recipe) {
        this.backend = backend;
        this.data = data;
        this.recipe = recipe;
        this.model = models.create(recipe.seed());
        this.optimizer = recipe.optimizer(model);
    }

    /** Trains on the training set with the recipe's schedule plus {@code callbacks}; returns each epoch's metrics. */
    public History fit(Callback... callbacks) {
        return trainer(callbacks).fit(data.train());
    }

    /** Loss and accuracy on the test set. */
    public Map<String, Double> evaluate() {
        return trainer().evaluate(data.test());
    }

    private Trainer trainer(Callback... callbacks) {
        return recipe.trainer(model, optimizer, callbacks);
    }

    public Backend backend() {
        return backend;
    }

    public TrainingData data() {
        return data;
    }

    public Layer model() {
        return model;
    }

    public Adam optimizer() {
        return optimizer;
    }
}
