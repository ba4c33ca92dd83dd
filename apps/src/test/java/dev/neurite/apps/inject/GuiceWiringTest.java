package dev.neurite.apps.inject;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.neurite.api.backend.BackendUnavailableException;
import dev.neurite.api.train.History;
import dev.neurite.apps.examples.guice.ShapesAppModule;
import dev.neurite.apps.models.ClassifierRecipe;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Applications wired by Guice: Neurite's modules plus one user-written module. */
class GuiceWiringTest {
    @Test
    void aCustomApplicationTrainsWhatItsOwnModuleBinds() {
        Injector injector = Guice.createInjector(new BackendModule(), new ShapesAppModule(512, 2));
        ClassifierTraining training = Injection.instance(injector, ClassifierTraining.class);

        assertEquals("cpu", training.backend().name());
        assertEquals("synthetic shapes", training.data().description());
        // The user's small CNN: conv 1->8 (80) + conv 8->16 (1168) + dense 784->10 (7850) parameters.
        long parameters = training.model().parameters().values().stream().mapToLong(t -> t.numel()).sum();
        assertEquals(80 + 1168 + 7850, parameters);
        assertSame(training.data(), injector.getInstance(ClassifierTraining.class).data(), "data is a singleton");

        History history = training.fit();
        assertEquals(2, history.size());
        double[] loss = history.series("loss");
        assertTrue(loss[1] < loss[0], "the loss falls: " + loss[0] + " -> " + loss[1]);
        Map<String, Double> test = training.evaluate();
        assertTrue(test.get("accuracy") >= 0 && test.get("accuracy") <= 1, test.toString());
    }

    @Test
    void theCommandLinesModulesBindItsModelAndRecipe() {
        ClassifierRecipe recipe = new ClassifierRecipe(1, 32, 1e-3, 5, ClassifierRecipe.Schedule.CONSTANT, false);
        Injector injector = Guice.createInjector(new BackendModule("cpu"), new ModelModule("mlp"),
                new TrainingModule(recipe), new ShapesDataOnly());
        ClassifierTraining training = Injection.instance(injector, ClassifierTraining.class);

        assertSame(recipe, injector.getInstance(ClassifierRecipe.class));
        // The command line's MLP 784-256-128-10.
        long parameters = training.model().parameters().values().stream().mapToLong(t -> t.numel()).sum();
        assertEquals(784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10, parameters);
    }

    @Test
    void anUnknownBackendKeepsItsOwnExceptionAndMessage() {
        Injector injector = Guice.createInjector(new BackendModule("no-such-backend"), new ModelModule("mlp"),
                new TrainingModule(new ClassifierRecipe(1, 32, 1e-3, 5, ClassifierRecipe.Schedule.CONSTANT, false)),
                new ShapesDataOnly());
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> Injection.instance(injector, ClassifierTraining.class));
        assertTrue(e.getMessage().startsWith("backend 'no-such-backend' was requested but not found. Found: "), e.getMessage());
    }

    @Test
    void anUnknownModelNameFailsWhenTheModuleIsMade() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ModelModule("transformer"));
        assertEquals("unknown model 'transformer'; available: [mlp, cnn, resnet]", e.getMessage());
    }

    /** Only the data of the example module, beside the command line's model and recipe. */
    private static final class ShapesDataOnly extends com.google.inject.AbstractModule {
        @com.google.inject.Provides
        dev.neurite.apps.cli.TrainingData data() {
            return new dev.neurite.apps.cli.TrainingData("tiny", dev.neurite.api.data.SyntheticImages.generate(64, 1),
                    dev.neurite.api.data.SyntheticImages.generate(16, 2), dev.neurite.api.data.SyntheticImages.CLASS_NAMES);
        }
    }
}
