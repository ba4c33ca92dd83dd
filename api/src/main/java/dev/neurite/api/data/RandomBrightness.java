package dev.neurite.api.data;

/**
 * Data augmentation like the brightness part of torchvision's {@code ColorJitter(brightness=b)}: each image of a
 * batch of {@code [C, H, W]} examples is multiplied by a factor drawn per image uniformly from
 * {@code [max(0, 1 - b), 1 + b]} and clamped to the pixels' valid range. The range is [0, 1] by default, as for
 * torchvision's float images and Neurite's data sets (normalisation is the model's first layer, after this).
 */
public final class RandomBrightness extends Jitter {
    /** Pixels in [0, 1]. */
    public RandomBrightness(double strength) {
        this(strength, 0, 1);
    }

    /** Pixels clamped to {@code [min, max]}; infinite bounds switch clamping off. */
    public RandomBrightness(double strength, double min, double max) {
        super("RandomBrightness", strength, min, max);
    }

    @Override
    void adjust(float[] f, int offset, int c, int plane, double factor) {
        for (int i = offset; i < offset + c * plane; i++) {
            f[i] = (float) (factor * f[i]);
        }
    }
}
