package dev.neurite.generative.gan;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradientCheck;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.nn.Registry;
import dev.neurite.layers.optim.Adam;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The GAN losses against hand-computed numbers, the DCGAN pair's shapes, the alternating updates, and learning a Gaussian. */
class GanTest {

    private static Tensor f64(double... v) {
        return Tensor.of(DType.FLOAT64, v, v.length);
    }

    @Test
    void lossesAtGivenLogits() {
        // J_D = 1/2 mean(softplus(-real)) + 1/2 mean(softplus(fake)) = 1/2 (ln 2 + softplus(-2))/2 + 1/2 (ln 2 + softplus(-1))/2
        assertEquals(0.4566210149202715, GanLoss.discriminator(f64(0, 2), f64(0, -1)).item(), 1e-15);
        // J_G = 1/2 mean(softplus(-fake)) = 1/2 (ln 2 + softplus(1)) / 2
        assertEquals(0.501602217019542, GanLoss.generator(f64(0, -1)).item(), 1e-15);
        // a perfect discriminator: J_D -> 0, J_G grows linearly with the logit instead of overflowing
        assertEquals(0, GanLoss.discriminator(f64(100), f64(-100)).item(), 1e-40);
        assertEquals(50, GanLoss.generator(f64(-100)).item(), 1e-12);
        assertEquals(Math.log(2), GanLoss.discriminator(f64(0), f64(0)).item(), 1e-15, "D = 1/2 everywhere: J_D = ln 2");
    }

    @Test
    void lossGradientsMatchFiniteDifferences() {
        Tensor real = Tensor.random(Shape.of(5), DType.FLOAT64, Distribution.NORMAL, 0, 3, 1);
        Tensor fake = Tensor.random(Shape.of(5), DType.FLOAT64, Distribution.NORMAL, 0, 3, 2);
        GradientCheck.assertGradients(in -> GanLoss.discriminator(in.get(0), in.get(1)), List.of(real, fake));
        GradientCheck.assertGradients(in -> GanLoss.generator(in.get(0)), List.of(fake));
    }

    @Test
    void dcganMapsCodesToImagesAndImagesToLogits() {
        Gan gan = Gan.dcgan(16, 4, 1);
        // rebuilt before the first forward pass in training mode moves the batch-norm statistics
        Gan rebuilt = (Gan) Registry.global().layer(Registry.global().spec(gan));
        Tensor x = gan.sample(3, new Generator(2));
        assertEquals(Shape.of(3, 1, 28, 28), x.shape());
        for (float v : x.toFloatArray()) {
            assertTrue(v > 0 && v < 1);
        }
        assertEquals(Shape.of(3), gan.discriminate(x).shape());
        rebuilt.forward(gan.noise(3, new Generator(2)));
        Tensor z = gan.noise(2, new Generator(3));
        gan.eval();
        rebuilt.eval();
        assertArrayEquals(gan.forward(z).toFloatArray(), rebuilt.forward(z).toFloatArray());
    }

    @Test
    void eachAlternatingStepMovesOnlyItsOwnNetwork() {
        Gan gan = Gan.mlp(2, new long[]{8}, 1, false, 4);
        Adam dOpt = new Adam(gan.discriminator().parameters(), 1e-2);
        Adam gOpt = new Adam(gan.generator().parameters(), 1e-2);
        GanTrainer trainer = new GanTrainer(gan, dOpt, gOpt, 5);
        Map<String, Tensor> g = gan.generator().parameters();
        Map<String, Tensor> d = gan.discriminator().parameters();
        float[] g0 = g.get("0.weight").toFloatArray();
        float[] d0 = d.get("1.weight").toFloatArray(); // after the Flatten
        GanTrainer.Losses l = trainer.step(Tensor.randn(Shape.of(16, 1), 6));
        assertTrue(l.discriminator() > 0 && l.generator() > 0, l.toString());
        assertFalse(java.util.Arrays.equals(g0, g.get("0.weight").toFloatArray()));
        assertFalse(java.util.Arrays.equals(d0, d.get("1.weight").toFloatArray()));
        g.values().forEach(p -> assertTrue(p.grad() == null || p.grad().abs().sum().item() == 0, "gradients cleared"));
        d.values().forEach(p -> assertTrue(p.grad() == null || p.grad().abs().sum().item() == 0, "gradients cleared"));
    }

    @Test
    void learnsTheMeanAndSpreadOfAGaussian() {
        double mean = 2;
        double std = 0.5;
        Gan gan = Gan.mlp(4, new long[]{16, 16}, 1, false, 7);
        Adam dOpt = new Adam(gan.discriminator().parameters(), 3e-3).betas(0.5, 0.999);
        Adam gOpt = new Adam(gan.generator().parameters(), 3e-3).betas(0.5, 0.999);
        GanTrainer trainer = new GanTrainer(gan, dOpt, gOpt, 8);
        Generator data = new Generator(9);
        GanTrainer.Losses last = null;
        for (int step = 0; step < 300; step++) {
            try (MemoryScope scope = MemoryScope.open()) {
                last = trainer.step(Tensor.random(Shape.of(64, 1), DType.FLOAT32, Distribution.NORMAL, mean, std, data.nextSeed()));
            }
        }
        double[] s = gan.sample(2000, new Generator(10)).toDoubleArray();
        double m = java.util.Arrays.stream(s).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(s).map(v -> (v - m) * (v - m)).average().orElseThrow());
        String report = "samples: mean " + m + ", std " + sd + "; last losses " + last;
        System.out.println(report);
        assertEquals(mean, m, 0.2, report);
        // early GANs under-disperse; after 300 steps the spread is still a little narrow, within 0.15
        assertEquals(std, sd, 0.15, report);
    }
}
