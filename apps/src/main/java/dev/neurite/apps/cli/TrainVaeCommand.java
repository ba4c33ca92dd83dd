package dev.neurite.apps.cli;

import dev.neurite.api.Generator;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.data.Dataset;
import dev.neurite.generative.vae.Vae;
import dev.neurite.generative.vae.VaeTrainer;
import dev.neurite.layers.optim.Adam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code neurite train vae}: a variational autoencoder with MLP encoder and decoder. */
@Command(name = "vae", mixinStandardHelpOptions = true,
        description = "Train a variational autoencoder (Bernoulli decoder, KL to N(0, I)); writes samples from the prior and "
                + "test reconstructions as a PNG grid and saves the model.")
final class TrainVaeCommand extends TrainGenerativeCommand {
    @Option(names = "--hidden", defaultValue = "400", description = "Hidden units of encoder and decoder (default: ${DEFAULT-VALUE}).")
    long hidden;

    @Option(names = "--latent", defaultValue = "20", description = "Latent dimensions (default: ${DEFAULT-VALUE}).")
    long latent;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Override
    String name() {
        return "vae";
    }

    @Override
    Outcome run(Dataset train, Dataset test) {
        Vae model = new Vae(784, new long[]{hidden}, latent, seed);
        Adam adam = new Adam(model.parameters(), learningRate);
        VaeTrainer trainer = new VaeTrainer(model, adam, seed + 1);
        double[] before = trainer.evaluate(test, seed + 2);
        System.out.printf(Locale.ROOT, "untrained: -ELBO %.2f nats per image%n", before[0]);
        List<double[]> evals = new ArrayList<>();
        List<Double> losses = trainer.fit(train, epochs, batchSize, seed, steps, e -> {
            double[] t = trainer.evaluate(test, seed + 2);
            evals.add(t);
            epochLine(e, String.format(Locale.ROOT, "test -ELBO %.2f (reconstruction %.2f + KL %.2f) nats per image", t[0], t[1], t[2]));
        });
        double[] last = evals.isEmpty() ? before : evals.get(evals.size() - 1);
        Tensor grid;
        try (GradMode.Guard g = GradMode.noGrad()) {
            model.eval();
            Tensor samples = model.sample(2 * gridSize, new Generator(seed + 3));
            Tensor clean = images(test, gridSize);
            grid = rows(List.of(samples, clean, model.reconstruct(clean)));
        }
        return new Outcome(model, adam, grid, "two rows of samples from the prior, then test images and their reconstructions",
                Map.of("test_neg_elbo", last[0], "test_reconstruction", last[1], "test_kl", last[2], "losses", losses));
    }
}
