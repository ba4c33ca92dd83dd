package dev.neurite.apps.cli;

import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.backend.Backend;
import dev.neurite.api.data.Dataset;
import dev.neurite.api.io.Checkpoint;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Optimizer;
import dev.neurite.generative.ImageGrid;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * What {@code neurite train autoencoder|vae|gan|diffusion} share: the image data (Fashion-MNIST, or the synthetic
 * images when it is absent, as {@code neurite train} finds them), the step budget, the PNG grid of samples or
 * reconstructions and the checkpoint. Each subclass builds and trains its model.
 */
abstract class TrainGenerativeCommand implements Callable<Integer> {
    @Option(names = "--epochs", defaultValue = "5", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--steps", defaultValue = "0", description = "Stop after this many steps; 0: run all epochs (default: ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--batch-size", defaultValue = "64", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--limit", defaultValue = "0", description = "Train on the first N images only; 0: all (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for weights, noise and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    DataSourceOptions source;

    @Option(names = "--out", paramLabel = "DIR", description = "Checkpoint directory (default: runs/MODEL).")
    Path out;

    @Option(names = "--grid", paramLabel = "FILE.png", description = "Where to write the PNG grid (default: OUT/samples.png).")
    Path grid;

    @Option(names = "--grid-size", defaultValue = "8", description = "Images per grid row (default: ${DEFAULT-VALUE}).")
    int gridSize;

    @Mixin
    BackendOptions backendOptions;

    /** The model's name, used for the default output directory. */
    abstract String name();

    /** Trains on {@code train}, prints its progress, and returns what to save and draw. */
    abstract Outcome run(Dataset train, Dataset test) throws IOException;

    /** The trained model, its optimizer (may be null), the images to draw {@code [N, 1, 28, 28]} and facts to save. */
    record Outcome(Layer model, Optimizer optimizer, Tensor grid, String gridDescription, Map<String, Object> state) {
    }

    @Override
    public Integer call() throws Exception {
        Path dir = out != null ? out : Path.of("runs", name());
        Path png = grid != null ? grid : dir.resolve("samples.png");
        if (!png.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new IllegalArgumentException("--grid: expected a file name ending in .png, got '" + png + "'");
        }
        Backend backend = backendOptions.select();
        TrainingData d = TrainingData.resolve(source.data, source.download, seed);
        Dataset train = limit > 0 && limit < d.train().size() ? d.train().subset(range(limit)) : d.train();
        Dataset test = d.test().subset(range(Math.min(d.test().size(), 1000)));
        System.out.println("backend: " + backend.name() + " (" + backend.device() + ")");
        System.out.println("data:    " + d.description() + ", " + train.size() + " train / " + test.size() + " test images");
        try (MemoryScope scope = MemoryScope.open()) {
            Outcome o = run(train, test);
            Map<String, Object> state = new LinkedHashMap<>(o.state());
            state.put("task", name());
            state.put("data", d.description());
            Checkpoint.save(dir, o.model(), o.optimizer(), null, state);
            ImageGrid.write(png, o.grid(), gridSize, 2);
            System.out.println("saved:   " + dir.toAbsolutePath());
            System.out.println("grid:    " + png.toAbsolutePath() + " (" + o.gridDescription() + ")");
        }
        return ExitCodes.OK;
    }

    /** The first {@code n} test images as one batch {@code [n, 1, 28, 28]}. */
    static Tensor images(Dataset data, int n) {
        int[] idx = range(Math.min(n, data.size()));
        float[] v = new float[idx.length * data.exampleSize()];
        data.copyFeatures(idx, v);
        return Tensor.of(v, data.exampleShape().prepend(idx.length).toArray());
    }

    /** Rows of images one after another, as one grid batch. */
    static Tensor rows(List<Tensor> parts) {
        try (GradMode.Guard g = GradMode.noGrad()) {
            return Tensor.concat(parts.stream().map(p -> p.reshape(p.size(0), 1, 28, 28)).toList(), 0);
        }
    }

    static void epochLine(int epoch, String text) {
        System.out.printf(Locale.ROOT, "epoch %d: %s%n", epoch + 1, text);
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        Arrays.setAll(r, i -> i);
        return r;
    }
}
