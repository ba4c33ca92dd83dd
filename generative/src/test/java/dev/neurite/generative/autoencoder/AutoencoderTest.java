package dev.neurite.generative.autoencoder;

import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.data.InMemoryDataset;
import dev.neurite.api.data.SyntheticImages;
import dev.neurite.api.nn.Registry;
import dev.neurite.layers.optim.Adam;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The 784-500-300-500-784 autoencoder: its shape, its corruptions, and that it learns to reconstruct and denoise. */
class AutoencoderTest {

    @Test
    void curriculumShapeAndRoundTrip() {
        Autoencoder ae = Autoencoder.curriculum(1);
        assertEquals(List.of("encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias",
                "decoder.0.weight", "decoder.0.bias", "decoder.2.weight", "decoder.2.bias"), List.copyOf(ae.parameters().keySet()));
        assertEquals(Shape.of(500, 784), ae.parameters().get("encoder.0.weight").shape());
        assertEquals(Shape.of(300, 500), ae.parameters().get("encoder.2.weight").shape());
        assertEquals(Shape.of(500, 300), ae.parameters().get("decoder.0.weight").shape());
        assertEquals(Shape.of(784, 500), ae.parameters().get("decoder.2.weight").shape());
        Tensor x = Tensor.rand(Shape.of(2, 1, 28, 28), 2);
        assertEquals(Shape.of(2, 300), ae.encode(x).shape());
        assertEquals(x.shape(), ae.reconstruct(x).shape());
        Autoencoder rebuilt = (Autoencoder) Registry.global().layer(Registry.global().spec(ae));
        assertArrayEquals(ae.forward(x).toFloatArray(), rebuilt.forward(x).toFloatArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ae.forward(Tensor.zeros(2, 100)));
        assertTrue(e.getMessage().contains("784 values per example, got shape [2, 100]"), e.getMessage());
    }

    @Test
    void corruptionsMaskOrAddNoiseReproducibly() {
        Tensor x = Tensor.ones(100, 100);
        double[] masked = Corruption.masking(0.25).apply(x, 3).toDoubleArray();
        long zeros = java.util.Arrays.stream(masked).filter(v -> v == 0).count();
        assertTrue(java.util.Arrays.stream(masked).allMatch(v -> v == 0 || v == 1));
        assertEquals(2500, zeros, 200, "about a quarter masked");
        double[] noisy = Corruption.gaussian(0.5).apply(x, 4).toDoubleArray();
        double mean = java.util.Arrays.stream(noisy).average().orElseThrow();
        double var = java.util.Arrays.stream(noisy).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
        assertEquals(1, mean, 0.03);
        assertEquals(0.25, var, 0.02);
        assertArrayEquals(noisy, Corruption.gaussian(0.5).apply(x, 4).toDoubleArray());
        assertEquals(Corruption.masking(0.3), Corruption.parse("masking:0.3"));
        assertEquals(Corruption.none(), Corruption.parse("none"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Corruption.parse("salt:0.1"));
        assertTrue(e.getMessage().contains("expected none, gaussian:STD or masking:P, got 'salt:0.1'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Corruption.masking(1));
    }

    /** The per-pixel squared error on {@code test} of always answering the training images' mean. */
    private static double meanImageError(InMemoryDataset train, InMemoryDataset test) {
        double[] mean = new double[784];
        for (int i = 0; i < train.size(); i++) {
            float[] x = train.example(i);
            for (int p = 0; p < 784; p++) {
                mean[p] += x[p] / (double) train.size();
            }
        }
        double sum = 0;
        for (int i = 0; i < test.size(); i++) {
            float[] x = test.example(i);
            for (int p = 0; p < 784; p++) {
                sum += (x[p] - mean[p]) * (x[p] - mean[p]);
            }
        }
        return sum / (784.0 * test.size());
    }

    @Test
    void learnsToReconstructAndToDenoise() {
        InMemoryDataset train = SyntheticImages.generate(1200, 21);
        InMemoryDataset test = SyntheticImages.generate(200, 22);
        double baseline = meanImageError(train, test);
        for (Corruption c : List.of(Corruption.none(), Corruption.masking(0.3))) {
            Autoencoder ae = Autoencoder.curriculum(23);
            AutoencoderTrainer trainer = new AutoencoderTrainer(ae, new Adam(ae.parameters(), 2e-3), c, 24);
            double before = trainer.reconstructionError(test, c, 25);
            List<Double> losses = trainer.fit(train, 5, 32, 26, 0, e -> { });
            double after = trainer.reconstructionError(test, c, 25);
            String report = c + ": per-pixel MSE on held-out images " + before + " -> " + after + " (the training set's mean "
                    + "image: " + baseline + "); training " + losses;
            System.out.println(report);
            // The synthetic images carry per-pixel noise (std 0.08 to 0.3) that no reconstruction can remove, so the mean
            // image is a strong baseline; 190 steps of the full 784-500-300 network get below it from the first moves.
            assertTrue(after < 0.06, report);
            assertTrue(after < 0.95 * baseline, "better than the mean image: " + report);
        }
    }
}
