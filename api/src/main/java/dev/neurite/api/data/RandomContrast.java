package dev.neurite.api.data;

/**
 * Data augmentation like the contrast part of torchvision's {@code ColorJitter(contrast=c)}: each image of a batch
 * of {@code [C, H, W]} examples is blended with its mean grey level, {@code factor * x + (1 - factor) * mean}, with a
 * factor drawn per image uniformly from {@code [max(0, 1 - c), 1 + c]}, and clamped to the pixels' valid range
 * ([0, 1] by default). As in torchvision the mean is that of the image's grayscale version: the plain mean for one
 * channel, and for three (RGB) the mean of {@code 0.2989 R + 0.587 G + 0.114 B}; other channel counts are refused,
 * since no grey level is defined for them. Factor 0 gives a uniform grey image, 1 the image itself.
 */
public final class RandomContrast extends Jitter {
    private static final double[] RGB_TO_GRAY = {0.2989, 0.587, 0.114};

    /** Pixels in [0, 1]. */
    public RandomContrast(double strength) {
        this(strength, 0, 1);
    }

    /** Pixels clamped to {@code [min, max]}; infinite bounds switch clamping off. */
    public RandomContrast(double strength, double min, double max) {
        super("RandomContrast", strength, min, max);
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
    void checkImages(int[] chw, BatchArrays batch) {
        if (chw[0] != 1 && chw[0] != 3) {
            throw new IllegalArgumentException("RandomContrast: expects images with 1 (grayscale) or 3 (RGB) channels, got "
                    + chw[0] + " in examples of shape " + batch.exampleShape());
        }
    }

    @Override
    void adjust(float[] f, int offset, int c, int plane, double factor) {
        double mean = grayMean(f, offset, c, plane);
        for (int i = offset; i < offset + c * plane; i++) {
            f[i] = (float) (factor * f[i] + (1 - factor) * mean);
        }
    }
}
