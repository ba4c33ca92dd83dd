package dev.neurite.api.data;

import dev.neurite.api.Generator;

/**
 * Data augmentation like the brightness part of torchvision's {@code ColorJitter(brightness=b)}: each image of a
 * batch of {@code [C, H, W]} examples is multiplied by a factor drawn per image uniformly from
 * {@code [max(0, 1 - b), 1 + b]} and clamped to the pixels' valid range. The range is [0, 1] by default, as for
 * torchvision's float images and Neurite's data sets (normalisation is the model's first layer, after this).
 */
public final class RandomBrightness implements Transform {
    private final double strength;
    private final double[] range;
    private final double min;
    private final double max;

    /** Pixels in [0, 1]. */
    public RandomBrightness(double strength) {
        this(strength, 0, 1);
    }

    /** Pixels clamped to {@code [min, max]}; infinite bounds switch clamping off. */
    public RandomBrightness(double strength, double min, double max) {
        this.range = Jitter.range("RandomBrightness", strength);
        Jitter.checkBounds("RandomBrightness", min, max);
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

    @Override
    public void apply(BatchArrays batch, Generator random) {
        int[] chw = Images.chw("RandomBrightness", batch);
        int n = chw[0] * chw[1] * chw[2];
        float[] f = batch.features();
        for (int b = 0; b < batch.size(); b++) {
            double factor = Jitter.draw(range, random);
            for (int i = b * n; i < (b + 1) * n; i++) {
                f[i] = Jitter.clamp(factor * f[i], min, max);
            }
        }
    }

    @Override
    public String toString() {
        return "RandomBrightness(" + strength + ", clamp=[" + min + ", " + max + "])";
    }
}
