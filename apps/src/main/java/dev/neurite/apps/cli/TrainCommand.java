package dev.neurite.apps.cli;

import dev.neurite.api.backend.Backend;
import dev.neurite.api.io.Checkpoint;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.ModelSummary;
import dev.neurite.api.train.ModelCheckpoint;
import dev.neurite.api.train.ProgressReporter;
import dev.neurite.api.train.Trainer;
import dev.neurite.apps.models.ClassifierRecipe;
import dev.neurite.apps.models.Models;
import dev.neurite.layers.loss.SparseCategoricalCrossEntropy;
import dev.neurite.layers.optim.Adam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code neurite train MODEL}: trains on Fashion-MNIST (or synthetic images), evaluates, and saves a checkpoint. */
@Command(name = "train", mixinStandardHelpOptions = true, subcommands = {TrainReverseCommand.class, TrainCharLmCommand.class},
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

    @Option(names = "--data", paramLabel = "DIR", description = "Directory with the Fashion-MNIST IDX files.")
    Path data;

    @Option(names = "--download", description = "Download Fashion-MNIST (checksums verified) if it is not found.")
    boolean download;

    @Option(names = "--out", paramLabel = "DIR", description = "Checkpoint directory (default: runs/MODEL).")
    Path out;

    @Mixin
    BackendOptions backendOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ModelNames.require(spec, model);
        Backend backend = backendOptions.select();
        TrainingData data = TrainingData.resolve(this.data, download, seed);
        Layer net = Models.byName(model, seed);
        Path dir = out != null ? out : Path.of("runs", model.toLowerCase(Locale.ROOT));
        System.out.println("backend: " + backend.name() + " (" + backend.device() + ")");
        System.out.println("data:    " + data.description() + ", " + data.train().size() + " train / " + data.test().size() + " test");
        System.out.print(ModelSummary.of(net, data.train().exampleShape().prepend(1)));

        ClassifierRecipe recipe = new ClassifierRecipe(epochs, batchSize, learningRate, seed, ClassifierRecipe.Schedule.parse(schedule), augment);
        Adam optimizer = recipe.optimizer(net);
        ModelCheckpoint checkpoint = new ModelCheckpoint(dir);
        Trainer trainer = recipe.trainer(net, optimizer, ProgressReporter.auto(), checkpoint);
        trainer.fit(data.train());
        Map<String, Double> test = trainer.evaluate(data.test());
        // The last epoch's checkpoint, with the test results added.
        Map<String, Object> training = new LinkedHashMap<>(checkpoint.lastSaved());
        training.put("test_accuracy", test.get("accuracy"));
        training.put("test_loss", test.get("loss"));
        training.put("data", data.description());
        Checkpoint.save(dir, net, optimizer, new SparseCategoricalCrossEntropy(), training);
        System.out.printf(Locale.ROOT, "test: loss %.4f  accuracy %.2f%%%n", test.get("loss"), 100 * test.get("accuracy"));
        System.out.println("saved: " + dir.toAbsolutePath());
        return ExitCodes.OK;
    }
}
