package dev.neurite.generative.gan;

import dev.neurite.api.Generator;
import dev.neurite.api.Tensor;
import dev.neurite.api.data.Dataset;
import dev.neurite.api.nn.Optimizer;
import dev.neurite.generative.TrainingLoop;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Alternating GAN updates with two optimizers: one step of the discriminator on {@link GanLoss#discriminator J_D}
 * (the generated batch detached, so G is not moved), then one of the generator on the non-saturating
 * {@link GanLoss#generator} through the same samples scored by the updated discriminator (D's gradients from it are
 * discarded).
 */
public final class GanTrainer {
    /** The two losses of one alternating step. */
    public record Losses(double discriminator, double generator) {
    }

    private final Gan gan;
    private final Optimizer discriminatorOptimizer;
    private final Optimizer generatorOptimizer;
    private final Generator noise;

    /** {@code discriminatorOptimizer} must hold D's parameters and {@code generatorOptimizer} G's. */
    public GanTrainer(Gan gan, Optimizer discriminatorOptimizer, Optimizer generatorOptimizer, long seed) {
        this.gan = gan;
        this.discriminatorOptimizer = discriminatorOptimizer;
        this.generatorOptimizer = generatorOptimizer;
        this.noise = new Generator(seed);
    }

    public Losses step(Tensor real) {
        gan.train(true);
        // One batch of samples serves both updates, as in the DCGAN reference training loop: detached for D, live for G.
        Tensor fake = gan.sample(real.size(0), noise);
        Tensor dLoss = GanLoss.discriminator(gan.discriminate(real), gan.discriminate(fake.detach()));
        double d = dLoss.item();
        dLoss.backward();
        discriminatorOptimizer.step();
        discriminatorOptimizer.zeroGrad();

        Tensor gLoss = GanLoss.generator(gan.discriminate(fake));
        double g = gLoss.item();
        gLoss.backward();
        generatorOptimizer.step();
        generatorOptimizer.zeroGrad();
        discriminatorOptimizer.zeroGrad();
        return new Losses(d, g);
    }

    /** Epochs over a dataset's images; returns the discriminator's mean loss per epoch, {@code onStep} hears both. */
    public List<Double> fit(Dataset data, int epochs, int batchSize, long seed, long maxSteps, Consumer<Losses> onStep,
                            IntConsumer onEpoch) {
        return TrainingLoop.run(data, batchSize, seed, epochs, maxSteps, (x, s) -> {
            Losses l = step(x);
            onStep.accept(l);
            return l.discriminator();
        }, onEpoch);
    }
}
