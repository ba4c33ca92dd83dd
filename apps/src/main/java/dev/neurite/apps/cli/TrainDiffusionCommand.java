package dev.neurite.apps.cli;

import dev.neurite.api.Generator;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.data.Dataset;
import dev.neurite.generative.TrainingLoop;
import dev.neurite.generative.diffusion.Ddpm;
import dev.neurite.generative.diffusion.NoiseSchedule;
import dev.neurite.generative.diffusion.UNetDenoiser;
import dev.neurite.layers.optim.Adam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code neurite train diffusion}: DDPM with the small U-Net denoiser, sampled with DDIM or ancestrally. */
@Command(name = "diffusion", mixinStandardHelpOptions = true,
        description = "Train a DDPM (epsilon prediction, small U-Net) on images scaled to [-1, 1]; writes DDIM or ancestral "
                + "samples as a PNG grid and saves the model.")
final class TrainDiffusionCommand extends TrainGenerativeCommand {
    @Option(names = "--timesteps", defaultValue = "1000", description = "Diffusion steps T (default: ${DEFAULT-VALUE}).")
    int timesteps;

    @Option(names = "--schedule", defaultValue = "linear",
            description = "linear (1e-4 to 0.02), linear:START:END or cosine (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--width", defaultValue = "32", description = "U-Net channels at full size (default: ${DEFAULT-VALUE}).")
    long width;

    @Option(names = "--sampler", defaultValue = "ddim", description = "ddim (eta 0) or ancestral (default: ${DEFAULT-VALUE}).")
    String sampler;

    @Option(names = "--sample-steps", defaultValue = "50", description = "DDIM steps (default: ${DEFAULT-VALUE}).")
    int sampleSteps;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Override
    String name() {
        return "diffusion";
    }

    @Override
    Outcome run(Dataset train, Dataset test) {
        if (!sampler.equals("ddim") && !sampler.equals("ancestral")) {
            throw new IllegalArgumentException("diffusion: --sampler must be ddim or ancestral, got '" + sampler + "'");
        }
        // Images are scaled to [-1, 1], so the samplers clamp their x_0 estimates there (Ho et al.'s sampler does).
        Ddpm ddpm = new Ddpm(NoiseSchedule.parse(schedule, timesteps), new UNetDenoiser(1, width, seed), 1);
        Adam adam = new Adam(ddpm.parameters(), learningRate);
        Generator noise = new Generator(seed + 1);
        List<Double> losses = TrainingLoop.run(train, batchSize, seed, epochs, steps, (x, s) -> {
            Tensor loss = ddpm.loss(x.mul(2).sub(1), noise);
            double v = loss.item();
            loss.backward();
            adam.step();
            adam.zeroGrad();
            return v;
        }, e -> { });
        for (int e = 0; e < losses.size(); e++) {
            epochLine(e, String.format(Locale.ROOT, "noise-prediction MSE %.4f", losses.get(e)));
        }
        Tensor samples;
        Shape shape = Shape.of(4L * gridSize, 1, 28, 28);
        Generator g = new Generator(seed + 2);
        Tensor x = sampler.equals("ddim") ? ddpm.sampleDdim(shape, sampleSteps, g) : ddpm.sample(shape, g);
        try (GradMode.Guard guard = GradMode.noGrad()) {
            samples = x.add(1).mul(0.5).clamp(0, 1);
        }
        String how = sampler.equals("ddim") ? "DDIM, " + sampleSteps + " steps" : "ancestral, " + timesteps + " steps";
        return new Outcome(ddpm, adam, rows(List.of(samples)), "samples (" + how + ")",
                Map.of("losses", losses, "sampler", sampler));
    }
}
