package dev.neurite.api.data;

import dev.neurite.api.Generator;

/** The factor range and clamping shared by {@link RandomBrightness} and {@link RandomContrast}. */
final class Jitter {
    private Jitter() {
    }

    /** torchvision's {@code ColorJitter} range for a strength {@code s}: {@code [max(0, 1 - s), 1 + s]}. */
    static double[] range(String transform, double strength) {
        if (!(strength >= 0) || Double.isInfinite(strength)) {
            throw new IllegalArgumentException(transform + ": the strength must be a finite number >= 0, got " + strength);
        }
        return new double[]{Math.max(0, 1 - strength), 1 + strength};
    }

    static void checkBounds(String transform, double min, double max) {
        if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
            throw new IllegalArgumentException(transform + ": expected a clamp range min <= max, got [" + min + ", "
                    + max + "]");
        }
    }

    /** A factor drawn uniformly from {@code range} (one draw, even when the range is a single point). */
    static double draw(double[] range, Generator random) {
        return range[0] + (range[1] - range[0]) * random.nextDouble();
    }

    static float clamp(double v, double min, double max) {
        return (float) Math.min(max, Math.max(min, v));
    }
}
