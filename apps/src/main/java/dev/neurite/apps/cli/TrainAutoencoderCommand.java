package dev.neurite.apps.cli;

import dev.neurite.api.Generator;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.data.Dataset;
import dev.neurite.generative.autoencoder.Autoencoder;
import dev.neurite.generative.autoencoder.AutoencoderTrainer;
import dev.neurite.generative.autoencoder.Corruption;
import dev.neurite.layers.optim.Adam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code neurite train autoencoder}: the 784-500-300-500-784 autoencoder, plain or denoising. */
@Command(name = "autoencoder", mixinStandardHelpOptions = true,
        description = "Train the 784-500-300-500-784 autoencoder (denoising with --noise); writes test images, their corrupted "
                + "copies and the reconstructions as a PNG grid and saves the model.")
final class TrainAutoencoderCommand extends TrainGenerativeCommand {
    @Option(names = "--noise", defaultValue = "none",
            description = "Input corruption: none, gaussian:STD or masking:P (default: ${DEFAULT-VALUE}).")
    String noise;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Override
    String name() {
        return "autoencoder";
    }

    @Override
    Outcome run(Dataset train, Dataset test) {
        Corruption corruption = Corruption.parse(noise);
        Autoencoder model = Autoencoder.curriculum(seed);
        Adam adam = new Adam(model.parameters(), learningRate);
        AutoencoderTrainer trainer = new AutoencoderTrainer(model, adam, corruption, seed + 1);
        List<Double> losses = trainer.fit(train, epochs, batchSize, seed, steps, e -> { });
        for (int e = 0; e < losses.size(); e++) {
            epochLine(e, String.format(Locale.ROOT, "binary cross-entropy %.4f per pixel", losses.get(e)));
        }
        double mse = trainer.reconstructionError(test, corruption, seed + 2);
        System.out.printf(Locale.ROOT, "test: reconstruction MSE %.4f per pixel (noise %s)%n", mse, corruption);
        Tensor clean = images(test, gridSize);
        Tensor noisy = corruption.apply(clean, new Generator(seed + 3).nextSeed());
        Tensor rebuilt;
        try (GradMode.Guard g = GradMode.noGrad()) {
            model.eval();
            rebuilt = model.reconstruct(noisy);
        }
        return new Outcome(model, adam, rows(List.of(clean, noisy, rebuilt)),
                "rows: test images, the model's inputs, reconstructions",
                Map.of("noise", corruption.toString(), "test_mse", mse, "losses", losses));
    }
}
