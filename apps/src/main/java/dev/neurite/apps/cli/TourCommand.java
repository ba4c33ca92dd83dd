package dev.neurite.apps.cli;

import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.backend.Backend;
import dev.neurite.api.data.Batch;
import dev.neurite.api.data.DataLoader;
import dev.neurite.api.data.Epoch;
import dev.neurite.api.io.Checkpoint;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.ModelSummary;
import dev.neurite.api.train.ProgressReporter;
import dev.neurite.api.train.Trainer;
import dev.neurite.apps.models.ClassifierRecipe;
import dev.neurite.apps.models.Models;
import dev.neurite.layers.loss.SparseCategoricalCrossEntropy;
import dev.neurite.layers.optim.Adam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code neurite tour}: the main job of a fresh checkout. Shows discovery, trains the MLP, evaluates it, saves a
 * checkpoint, reloads it and checks the reloaded model predicts bit for bit the same.
 */
@Command(name = "tour", mixinStandardHelpOptions = true,
        description = "A guided run: discover backends, train an MLP on Fashion-MNIST (or synthetic images), evaluate, save, "
                + "reload and verify.")
final class TourCommand implements Callable<Integer> {
    @Option(names = "--epochs", defaultValue = "5", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--data", paramLabel = "DIR", description = "Directory with the Fashion-MNIST IDX files.")
    Path data;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/tour", description = "Checkpoint directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws Exception {
        section("1. Backends found on the class path");
        new BackendsCommand().call();
        Backend backend = backendOptions.select();
        System.out.println("using: " + backend.name());

        section("2. Data");
        TrainingData d = TrainingData.resolve(data, false, seed);
        System.out.println(d.description() + ": " + d.train().size() + " training and " + d.test().size() + " test images");

        section("3. Model: MLP 784-256-128-10 with ReLU");
        Layer model = Models.mlp(seed);
        System.out.print(ModelSummary.of(model, d.train().exampleShape().prepend(1)));

        section("4. Training: Adam 1e-3 with cosine decay, batch 128, " + epochs + (epochs == 1 ? " epoch" : " epochs"));
        ClassifierRecipe recipe = new ClassifierRecipe(epochs, 128, 1e-3, seed, ClassifierRecipe.Schedule.COSINE, false);
        Adam adam = recipe.optimizer(model);
        Trainer trainer = recipe.trainer(model, adam, ProgressReporter.auto());
        trainer.fit(d.train());
        Map<String, Double> test = trainer.evaluate(d.test());
        System.out.printf(Locale.ROOT, "test accuracy %.2f%% (loss %.4f)%n", 100 * test.get("accuracy"), test.get("loss"));

        section("5. Checkpoint: save, reload, compare");
        Checkpoint.save(out, model, adam, new SparseCategoricalCrossEntropy(), Map.of("test_accuracy", test.get("accuracy")));
        Layer reloaded = Checkpoint.load(out).model();
        boolean identical = samePredictions(model, reloaded, d);
        System.out.println("saved to " + out.toAbsolutePath() + " (safetensors + JSON); reloaded model predicts "
                + (identical ? "bit for bit the same" : "DIFFERENTLY"));
        System.out.println();
        System.out.println("Next: ./neurite train mlp --help, ./neurite eval " + out + ", ./neurite bench mlp");
        return identical ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private static boolean samePredictions(Layer a, Layer b, TrainingData d) {
        a.eval();
        b.eval();
        try (GradMode.Guard g = GradMode.noGrad(); MemoryScope scope = MemoryScope.open();
             DataLoader loader = DataLoader.builder(d.test()).batchSize(256).build();
             Epoch<Batch> epoch = loader.epoch(0)) {
            Batch batch = epoch.next();
            Tensor x = batch.features();
            return Arrays.equals(a.forward(x).toFloatArray(), b.forward(x).toFloatArray());
        }
    }

    private static void section(String title) {
        System.out.println();
        System.out.println("== " + title);
    }
}
