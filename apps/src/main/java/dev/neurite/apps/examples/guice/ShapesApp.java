package dev.neurite.apps.examples.guice;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.neurite.api.train.ProgressReporter;
import dev.neurite.apps.inject.BackendModule;
import dev.neurite.apps.inject.ClassifierTraining;
import dev.neurite.apps.inject.Injection;

import java.util.Locale;
import java.util.Map;

/**
 * A custom application assembled with Guice: Neurite's {@link BackendModule} (the discovered backend) plus the
 * user's {@link ShapesAppModule}. Run it with {@code java -cp ... dev.neurite.apps.examples.guice.ShapesApp [IMAGES
 * [EPOCHS]]}.
 */
public final class ShapesApp {
    private ShapesApp() {
    }

    public static void main(String[] args) {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 6000;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Injector injector = Guice.createInjector(new BackendModule(), new ShapesAppModule(images, epochs));
        ClassifierTraining training = Injection.instance(injector, ClassifierTraining.class);
        System.out.println("backend: " + training.backend().name() + ", data: " + training.data().description());
        training.fit(ProgressReporter.auto());
        Map<String, Double> test = training.evaluate();
        System.out.printf(Locale.ROOT, "test accuracy %.2f%%%n", 100 * test.get("accuracy"));
    }
}
