package dev.neurite.apps.cli;

import dev.neurite.api.Generator;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.data.Dataset;
import dev.neurite.generative.gan.Gan;
import dev.neurite.generative.gan.GanTrainer;
import dev.neurite.layers.optim.Adam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.Map;

/** {@code neurite train gan}: an MLP or DCGAN pair with alternating updates. */
@Command(name = "gan", mixinStandardHelpOptions = true,
        description = "Train a GAN (MLP or DCGAN pair, non-saturating generator loss, two Adam optimizers); writes samples as a "
                + "PNG grid and saves generator and discriminator together.")
final class TrainGanCommand extends TrainGenerativeCommand {
    @Option(names = "--arch", defaultValue = "dcgan", description = "mlp or dcgan (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--latent", defaultValue = "64", description = "Latent dimensions (default: ${DEFAULT-VALUE}).")
    long latent;

    @Option(names = "--width", defaultValue = "32",
            description = "DCGAN channels at the finest level, or MLP hidden units / 2 (default: ${DEFAULT-VALUE}).")
    long width;

    @Option(names = "--lr", defaultValue = "2e-4", description = "Adam learning rate of both networks, betas (0.5, 0.999) "
            + "(default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Override
    String name() {
        return "gan";
    }

    @Override
    Outcome run(Dataset train, Dataset test) {
        Gan gan = switch (arch) {
            case "mlp" -> Gan.mlp(latent, new long[]{2 * width, 4 * width}, 784, true, seed);
            case "dcgan" -> Gan.dcgan(latent, width, seed);
            default -> throw new IllegalArgumentException("gan: --arch must be mlp or dcgan, got '" + arch + "'");
        };
        Adam d = new Adam(gan.discriminator().parameters(), learningRate).betas(0.5, 0.999);
        Adam g = new Adam(gan.generator().parameters(), learningRate).betas(0.5, 0.999);
        GanTrainer trainer = new GanTrainer(gan, d, g, seed + 1);
        double[] sums = new double[3];
        java.util.List<Double> losses = trainer.fit(train, epochs, batchSize, seed, steps, l -> {
            sums[0] += l.discriminator();
            sums[1] += l.generator();
            sums[2]++;
        }, e -> {
            epochLine(e, String.format(Locale.ROOT, "J_D %.4f, J_G %.4f (means over the epoch's steps; ln 2 / 2 = 0.3466 is J_G "
                    + "against a discriminator at 1/2)", sums[0] / sums[2], sums[1] / sums[2]));
            java.util.Arrays.fill(sums, 0);
        });
        Tensor samples;
        try (GradMode.Guard guard = GradMode.noGrad()) {
            gan.eval();
            samples = gan.sample(4L * gridSize, new Generator(seed + 2));
        }
        // D's optimizer state stays out of the checkpoint: one optimizer is saved, and G's is the one a user resumes.
        return new Outcome(gan, null, rows(java.util.List.of(samples)), "samples from the generator",
                Map.of("arch", arch, "losses", losses));
    }

}
