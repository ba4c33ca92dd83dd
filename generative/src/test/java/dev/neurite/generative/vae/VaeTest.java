package dev.neurite.generative.vae;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradientCheck;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.data.InMemoryDataset;
import dev.neurite.api.data.SyntheticImages;
import dev.neurite.api.nn.Registry;
import dev.neurite.generative.InPlaceGradients;
import dev.neurite.layers.optim.Adam;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The VAE's loss terms against hand-computed numbers and finite differences, its sampling, and that it learns. */
class VaeTest {

    private static Tensor f64(double[] v, long... shape) {
        return Tensor.of(DType.FLOAT64, v, shape);
    }

    @Test
    void klMatchesTheClosedFormByHand() {
        // example 1: mu (0.5, -1), logVar (0, ln 2): -1/2 [(1 + 0 - 0.25 - 1) + (1 + ln 2 - 1 - 2)] = 0.7784264...
        // example 2: N(0, I) itself, KL 0; the batch mean is half the first
        Tensor mu = f64(new double[]{0.5, -1, 0, 0}, 2, 2);
        Tensor logVar = f64(new double[]{0, Math.log(2), 0, 0}, 2, 2);
        assertEquals(0.38921320486001365, VaeLoss.kl(mu, logVar).item(), 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VaeLoss.kl(mu, f64(new double[]{0, 0}, 1, 2)));
        assertTrue(e.getMessage().contains("[2, 2] and [1, 2]"), e.getMessage());
    }

    @Test
    void reconstructionTermsByHand() {
        // BCE on logits: softplus(z) - z y summed: ln 2 + softplus(2) + (softplus(-1) + 0.5)
        Tensor z = f64(new double[]{0, 2, -1}, 1, 3);
        Tensor y = f64(new double[]{1, 0, 0.5}, 1, 3);
        assertEquals(3.633336879121141, VaeLoss.reconstruction(z, y, VaeLoss.Reconstruction.BCE).item(), 1e-14);
        // half the squared error: (1 + 2.25) / 2
        assertEquals(1.625, VaeLoss.reconstruction(f64(new double[]{1, 2}, 1, 2), f64(new double[]{0, 0.5}, 1, 2),
                VaeLoss.Reconstruction.MSE).item(), 1e-15);
        // stable at extreme logits
        assertEquals(1000, VaeLoss.reconstruction(f64(new double[]{-1000}, 1, 1), f64(new double[]{1}, 1, 1),
                VaeLoss.Reconstruction.BCE).item(), 1e-9);
    }

    @Test
    void klGradientsMatchFiniteDifferences() {
        GradientCheck.assertGradients(in -> VaeLoss.kl(in.get(0), in.get(1)), List.of(
                Tensor.random(Shape.of(3, 2), DType.FLOAT64, Distribution.NORMAL, 0, 1, 1),
                Tensor.random(Shape.of(3, 2), DType.FLOAT64, Distribution.NORMAL, 0, 1, 2)));
    }

    @Test
    void elboGradientsMatchFiniteDifferencesWithTheNoiseFixed() {
        for (VaeLoss.Reconstruction kind : VaeLoss.Reconstruction.values()) {
            Vae vae = new Vae(6, new long[]{5}, 2, kind, DType.FLOAT64, 3);
            Tensor x = Tensor.random(Shape.of(4, 6), DType.FLOAT64, Distribution.UNIFORM, 0, 1, 4);
            Tensor eps = Tensor.random(Shape.of(4, 2), DType.FLOAT64, Distribution.NORMAL, 0, 1, 5);
            GradientCheck.assertGradients(in -> vae.loss(in.get(0), in.get(1)).loss(), List.of(x, eps));
            InPlaceGradients.assertGradients(() -> vae.loss(x, eps).loss(), new ArrayList<>(vae.parameters().values()), 1, 1e-6);
        }
    }

    @Test
    void reparameterisationSamplingAndReconstruction() {
        Tensor z = Vae.reparameterize(f64(new double[]{1, -1}, 1, 2), f64(new double[]{0, 2 * Math.log(3)}, 1, 2),
                f64(new double[]{0.5, 2}, 1, 2));
        assertArrayEquals(new double[]{1.5, 5}, z.toDoubleArray(), 1e-12);
        Vae vae = new Vae(784, new long[]{64}, 4, 1);
        Tensor samples = vae.sample(5, new Generator(2));
        assertEquals(Shape.of(5, 784), samples.shape());
        for (float v : samples.toFloatArray()) {
            assertTrue(v > 0 && v < 1, "sigmoid means: " + v);
        }
        assertArrayEquals(samples.toFloatArray(), vae.sample(5, new Generator(2)).toFloatArray(), "seeded");
        Tensor images = Tensor.rand(Shape.of(3, 1, 28, 28), 3);
        assertEquals(images.shape(), vae.reconstruct(images).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> vae.forward(Tensor.zeros(2, 10)));
        assertTrue(e.getMessage().contains("784 values per example, got shape [2, 10]"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> VaeLoss.Reconstruction.fromId("l1"));
        assertTrue(bad.getMessage().contains("likelihood must be bce or mse, got 'l1'"), bad.getMessage());
        Vae rebuilt = (Vae) Registry.global().layer(Registry.global().spec(vae));
        assertArrayEquals(vae.forward(images).toFloatArray(), rebuilt.forward(images).toFloatArray());
    }

    @Test
    void trainingImprovesTheElbo() {
        InMemoryDataset train = SyntheticImages.generate(800, 11);
        InMemoryDataset test = SyntheticImages.generate(200, 12);
        Vae vae = new Vae(784, new long[]{256}, 8, 13);
        VaeTrainer trainer = new VaeTrainer(vae, new Adam(vae.parameters(), 2e-3), 14);
        double[] before = trainer.evaluate(test, 15);
        List<Double> losses = trainer.fit(train, 6, 50, 16, 0, e -> { });
        double[] after = trainer.evaluate(test, 15);
        String report = "-ELBO " + before[0] + " -> " + after[0] + " (reconstruction " + after[1] + ", KL " + after[2]
                + "); training " + losses;
        System.out.println(report);
        // 784 pixels at ln 2 each is about 543 nats for an untrained decoder
        assertTrue(after[0] < before[0] - 100, report);
        assertTrue(after[2] > 1, "the code carries information: " + report);
    }
}
