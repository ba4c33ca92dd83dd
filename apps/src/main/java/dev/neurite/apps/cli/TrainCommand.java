package dev.neurite.apps.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.neurite.api.io.Checkpoint;
import dev.neurite.api.nn.ModelSummary;
import dev.neurite.api.train.Callback;
import dev.neurite.api.train.ModelCheckpoint;
import dev.neurite.api.train.ProgressReporter;
import dev.neurite.apps.inject.BackendModule;
import dev.neurite.apps.inject.ClassifierTraining;
import dev.neurite.apps.inject.DataModule;
import dev.neurite.apps.inject.Injection;
import dev.neurite.apps.inject.ModelModule;
import dev.neurite.apps.inject.TrainingModule;
import dev.neurite.apps.models.ClassifierRecipe;
import dev.neurite.apps.plot.TrainingCurves;
import dev.neurite.layers.loss.SparseCategoricalCrossEntropy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code neurite train MODEL}: trains on Fashion-MNIST (or synthetic images), evaluates, and saves a checkpoint. The
 * parts are wired by Guice ({@link BackendModule}, {@link DataModule}, {@link ModelModule}, {@link TrainingModule}),
 * as an application assembled from Neurite's modules would be.
 */
@Command(name = "train", mixinStandardHelpOptions = true, subcommands = {TrainReverseCommand.class, TrainCharLmCommand.class,
        TrainGnnCommand.class, TrainCartPoleCommand.class, TrainAutoencoderCommand.class, TrainVaeCommand.class, TrainGanCommand.class,
        TrainDiffusionCommand.class},
        description = "Train a model on Fashion-MNIST (or built-in synthetic images when it is absent), evaluate it on the "
                + "test set and save a checkpoint.")
final class TrainCommand implements Callable<Integer> {
    // Optional to picocli so that subcommands parse without it; call() insists on it.
    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "Model to train: ${COMPLETION-CANDIDATES}",
            completionCandidates = ModelNames.class)
    String model;

    @Option(names = "--epochs", defaultValue = "5", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "128", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--schedule", defaultValue = "cosine",
            description = "Learning-rate schedule: constant, or cosine (annealed to 0 over the epochs). Default: ${DEFAULT-VALUE}.")
    String schedule;

    @Option(names = "--augment", description = "Augment the training images on the fly: random crops of the image padded by 2 "
            + "pixels and horizontal flips, seeded by --seed.")
    boolean augment;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for weights and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    DataSourceOptions source;

    @Option(names = "--out", paramLabel = "DIR", description = "Checkpoint directory (default: runs/MODEL).")
    Path out;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Write the loss and accuracy curves to this PNG.")
    Path plot;

    @Mixin
    BackendOptions backendOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ModelNames.require(spec, model);
        if (plot != null && !plot.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            // Checked before training, not after: a usage error, and no run wasted.
            throw new ParameterException(spec.commandLine(), "--plot: expected a file name ending in .png, got '" + plot + "'");
        }
        ClassifierRecipe recipe = new ClassifierRecipe(epochs, batchSize, learningRate, seed,
                ClassifierRecipe.Schedule.parse(schedule), augment);
        Injector injector = Guice.createInjector(new BackendModule(backendOptions.backend), new DataModule(source.data, source.download,
                seed), new ModelModule(model), new TrainingModule(recipe));
        ClassifierTraining training = Injection.instance(injector, ClassifierTraining.class);
        TrainingData data = training.data();
        Path dir = out != null ? out : Path.of("runs", model.toLowerCase(Locale.ROOT));
        System.out.println("backend: " + training.backend().name() + " (" + training.backend().device() + ")");
        System.out.println("data:    " + data.description() + ", " + data.train().size() + " train / " + data.test().size() + " test");
        System.out.print(ModelSummary.of(training.model(), data.train().exampleShape().prepend(1)));

        ModelCheckpoint checkpoint = new ModelCheckpoint(dir);
        TrainingCurves curves = new TrainingCurves();
        List<Callback> callbacks = new ArrayList<>(List.of(ProgressReporter.auto(), checkpoint));
        if (plot != null) {
            callbacks.add(curves);
        }
        training.fit(callbacks.toArray(new Callback[0]));
        Map<String, Double> test = training.evaluate();
        // The last epoch's checkpoint, with the test results added.
        Map<String, Object> state = new LinkedHashMap<>(checkpoint.lastSaved());
        state.put("test_accuracy", test.get("accuracy"));
        state.put("test_loss", test.get("loss"));
        state.put("data", data.description());
        Checkpoint.save(dir, training.model(), training.optimizer(), new SparseCategoricalCrossEntropy(), state);
        System.out.printf(Locale.ROOT, "test: loss %.4f  accuracy %.2f%%%n", test.get("loss"), 100 * test.get("accuracy"));
        System.out.println("saved: " + dir.toAbsolutePath());
        if (plot != null) {
            curves.write(plot, test);
            System.out.println("plot:  " + plot.toAbsolutePath());
        }
        return ExitCodes.OK;
    }
}
