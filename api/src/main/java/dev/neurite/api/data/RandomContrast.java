package dev.neurite.api.data;

import dev.neurite.api.Generator;

/**
 * Data augmentation like the contrast part of torchvision's {@code ColorJitter(contrast=c)}: each image of a batch
 * of {@code [C, H, W]} examples is blended with its mean grey level, {@code factor * x + (1 - factor) * mean}, with a
 * factor drawn per image uniformly from {@code [max(0, 1 - c), 1 + c]}, and clamped to the pixels' valid range
 * ([0, 1] by default). As in torchvision the mean is that of the image's grayscale version: the plain mean for one
 * channel, and for three (RGB) the mean of {@code 0.2989 R + 0.587 G + 0.114 B}; other channel counts are refused,
 * since no grey level is defined for them. Factor 0 gives a uniform grey image, 1 the image itself.
 */
public final class RandomContrast implements Transform {
    private static final double[] RGB_TO_GRAY = {0.2989, 0.587, 0.114};

    private final double strength;
    private final double[] range;
    private final double min;
    private final double max;

    /** Pixels in [0, 1]. */
    public RandomContrast(double strength) {
        this(strength, 0, 1);
    }

    /** Pixels clamped to {@code [min, max]}; infinite bounds switch clamping off. */
    public RandomContrast(double strength, double min, double max) {
        this.range = Jitter.range("RandomContrast", strength);
        Jitter.checkBounds("RandomContrast", min, max);
        this.strength = strength;
        this.min = min;
        this.max = max;
    }

    public double strength() {
        return strength;
    }

    /** The factors' interval {@code {low, high}}. */
    public double[] factorRange() {
        return range.clone();
    }

    /** The mean grey level of the image that starts at {@code offset}, as torchvision's {@code adjust_contrast} takes it. */
    static double grayMean(float[] f, int offset, int c, int plane) {
        double sum = 0;
        if (c == 1) {
            for (int i = 0; i < plane; i++) {
                sum += f[offset + i];
            }
        } else {
            for (int i = 0; i < plane; i++) {
                sum += RGB_TO_GRAY[0] * f[offset + i] + RGB_TO_GRAY[1] * f[offset + plane + i]
                        + RGB_TO_GRAY[2] * f[offset + 2 * plane + i];
            }
        }
        return sum / plane;
    }

    @Override
    public void apply(BatchArrays batch, Generator random) {
        int[] chw = Images.chw("RandomContrast", batch);
        int c = chw[0];
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException("RandomContrast: expects images with 1 (grayscale) or 3 (RGB) channels, got "
                    + c + " in examples of shape " + batch.exampleShape());
        }
        int plane = chw[1] * chw[2];
        int n = c * plane;
        float[] f = batch.features();
        for (int b = 0; b < batch.size(); b++) {
            double factor = Jitter.draw(range, random);
            double mean = grayMean(f, b * n, c, plane);
            for (int i = b * n; i < (b + 1) * n; i++) {
                f[i] = Jitter.clamp(factor * f[i] + (1 - factor) * mean, min, max);
            }
        }
    }

    @Override
    public String toString() {
        return "RandomContrast(" + strength + ", clamp=[" + min + ", " + max + "])";
    }
}
