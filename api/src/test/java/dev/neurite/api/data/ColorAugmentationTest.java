package dev.neurite.api.data;

import dev.neurite.api.Generator;
import dev.neurite.api.Shape;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RandomBrightness, RandomContrast and RandomVerticalFlip: known numbers (the same torchvision 0.14's
 * adjust_brightness and adjust_contrast give for those factors), reproducibility and the factors' distribution.
 */
class ColorAugmentationTest {
    private static BatchArrays images(Shape shape, float... values) {
        int n = (int) (values.length / shape.numel());
        return new BatchArrays(values.clone(), new long[n], n, shape);
    }

    /** A generator whose first draw is below 1e-9 or above 1 - 1e-9: the factor is then an end of the range. */
    private static long seedWithFirstDraw(boolean high) {
        for (long seed = 0; ; seed++) {
            double d = new Generator(seed).nextDouble();
            if (high ? d > 1 - 1e-4 : d < 1e-4) {
                return seed;
            }
        }
    }

    @Test
    void factorRangesAreColorJittersAndNeverNegative() {
        assertArrayEquals(new double[]{0.6, 1.4}, new RandomBrightness(0.4).factorRange(), 1e-12);
        assertArrayEquals(new double[]{0, 2.5}, new RandomContrast(1.5).factorRange(), 1e-12);
        assertArrayEquals(new double[]{1, 1}, new RandomBrightness(0).factorRange(), 0);
    }

    @Test
    void brightnessScalesAndClampsToTheUnitRange() {
        // Factor 1.5 at the top of the range [0.5, 1.5]: 0.2, 0.4, 0.8 become 0.3, 0.6 and 1.2 clamped to 1.
        BatchArrays b = images(Shape.of(1, 1, 3), 0.2f, 0.4f, 0.8f);
        new RandomBrightness(0.5).apply(b, new Generator(seedWithFirstDraw(true)));
        assertArrayEquals(new float[]{0.3f, 0.6f, 1f}, b.features(), 1e-4f);
        BatchArrays unclamped = images(Shape.of(1, 1, 3), 0.2f, 0.4f, 0.8f);
        new RandomBrightness(0.5, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY)
                .apply(unclamped, new Generator(seedWithFirstDraw(true)));
        assertArrayEquals(new float[]{0.3f, 0.6f, 1.2f}, unclamped.features(), 1e-4f);
    }

    @Test
    void contrastBlendsWithTheGrayscaleMean() {
        // One channel, mean 0.55. Factor 2: 2x - 0.55 = -0.15 (0), 0.25, 0.65, 1.45 (1). Factor 0.5: 0.5x + 0.275.
        BatchArrays high = images(Shape.of(1, 2, 2), 0.2f, 0.4f, 0.6f, 1f);
        new RandomContrast(1).apply(high, new Generator(seedWithFirstDraw(true)));
        assertArrayEquals(new float[]{0f, 0.25f, 0.65f, 1f}, high.features(), 1e-3f);
        BatchArrays low = images(Shape.of(1, 2, 2), 0.2f, 0.4f, 0.6f, 1f);
        new RandomContrast(0.5).apply(low, new Generator(seedWithFirstDraw(false)));
        assertArrayEquals(new float[]{0.375f, 0.475f, 0.575f, 0.775f}, low.features(), 1e-4f);
    }

    @Test
    void contrastOfAnRgbImageUsesTheLumaMean() {
        // mean of 0.2989 R + 0.587 G + 0.114 B over the two pixels = 0.42985; factor 1.5: 1.5x - 0.214925
        float[] rgb = {0.1f, 0.9f, 0.5f, 0.3f, 0.8f, 0f};
        assertEquals(0.42985, RandomContrast.grayMean(rgb, 0, 3, 2), 1e-6);
        BatchArrays b = images(Shape.of(3, 1, 2), rgb);
        new RandomContrast(0.5).apply(b, new Generator(seedWithFirstDraw(true)));
        assertArrayEquals(new float[]{0f, 1f, 0.535075f, 0.235075f, 0.985075f, 0f}, b.features(), 1e-4f);
    }

    @Test
    void sameSeedSameImagesAndEachImageDrawsItsOwnFactor() {
        float[] pixels = new float[64 * 4];
        Arrays.fill(pixels, 0.5f);
        Transform t = new Compose(new RandomBrightness(0.3), new RandomContrast(0.3));
        BatchArrays a = images(Shape.of(1, 2, 2), pixels);
        BatchArrays b = images(Shape.of(1, 2, 2), pixels);
        BatchArrays c = images(Shape.of(1, 2, 2), pixels);
        t.apply(a, new Generator(9));
        t.apply(b, new Generator(9));
        t.apply(c, new Generator(10));
        assertArrayEquals(a.features(), b.features());
        assertNotEquals(Arrays.toString(a.features()), Arrays.toString(c.features()));
        assertNotEquals(a.features()[0], a.features()[4], "images get different factors");
    }

    @Test
    void brightnessFactorsAreUniformOverTheRange() {
        int n = 4000;
        float[] pixels = new float[n];
        Arrays.fill(pixels, 0.5f); // up to 0.5 * 1.4 = 0.7: never clamped, so pixel / 0.5 is the factor
        BatchArrays b = images(Shape.of(1, 1, 1), pixels);
        new RandomBrightness(0.4).apply(b, new Generator(123));
        int[] quarters = new int[4];
        double sum = 0;
        for (float v : b.features()) {
            double factor = v / 0.5;
            assertTrue(factor >= 0.6 - 1e-6 && factor <= 1.4 + 1e-6, "factor " + factor);
            quarters[(int) Math.min(3, (factor - 0.6) / 0.2)]++;
            sum += factor;
        }
        assertEquals(1.0, sum / n, 0.015, "mean factor");
        for (int q : quarters) {
            assertEquals(n / 4.0, q, n * 0.04, "each quarter of the range gets a quarter: " + Arrays.toString(quarters));
        }
    }

    @Test
    void contrastFactorsAreUniformOverTheRange() {
        int n = 3000;
        float[] pixels = new float[2 * n];
        for (int i = 0; i < n; i++) {
            pixels[2 * i] = 0.25f; // mean 0.5: out = 0.5 + factor * (x - 0.5), within [0, 1] for factors up to 2
            pixels[2 * i + 1] = 0.75f;
        }
        BatchArrays b = images(Shape.of(1, 1, 2), pixels);
        new RandomContrast(0.8).apply(b, new Generator(321));
        int[] halves = new int[2];
        for (int i = 0; i < n; i++) {
            double factor = (b.features()[2 * i + 1] - 0.5) / 0.25;
            assertEquals(1.0, b.features()[2 * i] + b.features()[2 * i + 1], 1e-5, "the mean is kept");
            assertTrue(factor >= 0.2 - 1e-5 && factor <= 1.8 + 1e-5, "factor " + factor);
            halves[factor < 1 ? 0 : 1]++;
        }
        assertEquals(n / 2.0, halves[0], n * 0.04, Arrays.toString(halves));
    }

    @Test
    void verticalFlipReversesTheRowsOfEveryChannel() {
        BatchArrays b = images(Shape.of(2, 3, 2), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        new RandomVerticalFlip(1).apply(b, new Generator(1));
        assertArrayEquals(new float[]{5, 6, 3, 4, 1, 2, 11, 12, 9, 10, 7, 8}, b.features());
        BatchArrays same = images(Shape.of(1, 2, 2), 1, 2, 3, 4);
        new RandomVerticalFlip(0).apply(same, new Generator(1));
        assertArrayEquals(new float[]{1, 2, 3, 4}, same.features());
    }

    @Test
    void verticalFlipDecidesPerImageFromTheGenerator() {
        int n = 200;
        float[] pixels = new float[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            pixels[i] = i;
        }
        BatchArrays b = images(Shape.of(1, 2, 1), pixels);
        new RandomVerticalFlip().apply(b, new Generator(4));
        Generator replay = new Generator(4);
        int flipped = 0;
        for (int i = 0; i < n; i++) {
            boolean flip = replay.nextDouble() < 0.5;
            assertEquals(flip ? 2 * i + 1 : 2 * i, b.features()[2 * i], "image " + i);
            flipped += flip ? 1 : 0;
        }
        assertTrue(flipped > 70 && flipped < 130, "about half flipped: " + flipped);
    }

    @Test
    void badArgumentsAndImagesAreRefusedWithWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RandomBrightness(-0.1));
        assertTrue(e.getMessage().contains("RandomBrightness") && e.getMessage().contains("-0.1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RandomContrast(0.2, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new RandomVerticalFlip(2));
        e = assertThrows(IllegalArgumentException.class,
                () -> new RandomContrast(0.2).apply(images(Shape.of(2, 1, 1), 0.1f, 0.2f), new Generator(1)));
        assertTrue(e.getMessage().contains("1 (grayscale) or 3 (RGB)") && e.getMessage().contains("got 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new RandomBrightness(0.2).apply(images(Shape.of(2), 0.1f, 0.2f), new Generator(1)));
    }
}
