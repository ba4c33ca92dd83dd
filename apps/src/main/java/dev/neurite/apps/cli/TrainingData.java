package dev.neurite.apps.cli;

import dev.neurite.api.data.Dataset;
import dev.neurite.api.data.FashionMnist;
import dev.neurite.api.data.SyntheticImages;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The image data a command (or an application wired with Guice) trains and evaluates on, and a line saying which it is. */
public record TrainingData(String description, Dataset train, Dataset test, List<String> classNames) {
    private static final int SYNTHETIC_TRAIN = 60_000;
    private static final int SYNTHETIC_TEST = 10_000;

    /**
     * Fashion-MNIST from {@code dataDir} if given (an error if it is not there), else from the default places,
     * else downloaded when {@code download} is set, else the built-in synthetic images.
     */
    public static TrainingData resolve(Path dataDir, boolean download, long seed) throws IOException {
        if (dataDir != null) {
            try {
                return fashion(FashionMnist.load(dataDir), dataDir.toString());
            } catch (FileNotFoundException e) {
                if (!download) {
                    throw new DataUnavailableException(e.getMessage());
                }
                FashionMnist.download(dataDir);
                return fashion(FashionMnist.load(dataDir), dataDir + " (downloaded)");
            }
        }
        try {
            Path dir = FashionMnist.locate(null);
            return fashion(FashionMnist.load(dir), dir.toString());
        } catch (FileNotFoundException notInstalled) {
            if (download) {
                Path dir = FashionMnist.download(FashionMnist.userDir());
                return fashion(FashionMnist.load(dir), dir + " (downloaded)");
            }
            return new TrainingData("built-in synthetic images (10 classes, 28x28; Fashion-MNIST not found: "
                    + "apt-get install dataset-fashion-mnist, or pass --download)",
                    SyntheticImages.generate(SYNTHETIC_TRAIN, seed), SyntheticImages.generate(SYNTHETIC_TEST, seed + 1),
                    SyntheticImages.CLASS_NAMES);
        }
    }

    private static TrainingData fashion(FashionMnist data, String where) {
        return new TrainingData("Fashion-MNIST from " + where, data.train(), data.test(), FashionMnist.CLASS_NAMES);
    }
}
