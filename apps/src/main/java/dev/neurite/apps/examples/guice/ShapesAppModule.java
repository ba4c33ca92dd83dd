package dev.neurite.apps.examples.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.neurite.api.Generator;
import dev.neurite.api.data.SyntheticImages;
import dev.neurite.api.nn.Sequential;
import dev.neurite.apps.cli.TrainingData;
import dev.neurite.apps.inject.ModelFactory;
import dev.neurite.apps.models.ClassifierRecipe;
import dev.neurite.layers.activation.ReLU;
import dev.neurite.layers.conv.Conv2d;
import dev.neurite.layers.conv.MaxPool2d;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.core.Flatten;

/**
 * The one module a user writes to assemble an application: its own model (a small CNN), its own data (the built-in
 * synthetic shapes) and its training configuration. The backend comes from Neurite's {@code BackendModule}.
 */
public final class ShapesAppModule extends AbstractModule {
    private final int trainImages;
    private final int epochs;

    public ShapesAppModule(int trainImages, int epochs) {
        this.trainImages = trainImages;
        this.epochs = epochs;
    }

    @Override
    protected void configure() {
        bind(ModelFactory.class).toInstance(ShapesAppModule::smallCnn);
        bind(ClassifierRecipe.class).toInstance(new ClassifierRecipe(epochs, 64, 3e-3, 11,
                ClassifierRecipe.Schedule.CONSTANT, false));
    }

    @Provides
    @Singleton
    TrainingData shapes() {
        return new TrainingData("synthetic shapes", SyntheticImages.generate(trainImages, 11),
                SyntheticImages.generate(Math.max(1, trainImages / 4), 12), SyntheticImages.CLASS_NAMES);
    }

    /** conv8-pool-conv16-pool-fc10 for [B, 1, 28, 28]. */
    static Sequential smallCnn(long seed) {
        Generator g = new Generator(seed);
        return new Sequential(new Conv2d(1, 8, 3, 1, 1, g), new ReLU(), new MaxPool2d(2),
                new Conv2d(8, 16, 3, 1, 1, g), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Dense(16 * 7 * 7, 10, g));
    }
}
