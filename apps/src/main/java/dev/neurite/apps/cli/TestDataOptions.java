package dev.neurite.apps.cli;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** {@code --data DIR} and {@code --seed}: where commands that read a saved model find their test images. */
final class TestDataOptions {
    @Option(names = "--data", paramLabel = "DIR", description = "Directory with the Fashion-MNIST IDX files.")
    Path data;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the synthetic data, when used (default: ${DEFAULT-VALUE}).")
    long seed;

    /** The data as {@link TrainingData#resolve} finds it, never downloading. */
    TrainingData resolve() throws IOException {
        return TrainingData.resolve(data, false, seed);
    }
}
