package dev.neurite.api.data;

import dev.neurite.api.Generator;

/**
 * What {@link RandomBrightness} and {@link RandomContrast} share, as torchvision's {@code ColorJitter} parts: a
 * strength {@code s}, a factor drawn per image uniformly from {@code [max(0, 1 - s), 1 + s]} (one draw, even when the
 * range is a single point), and the adjusted pixels clamped to {@code [min, max]}.
 */
abstract class Jitter implements Transform {
    private final String name;
    private final double strength;
    private final double[] range;
    private final double min;
    private final double max;

    Jitter(String name, double strength, double min, double max) {
        if (!(strength >= 0) || Double.isInfinite(strength)) {
            throw new IllegalArgumentException(name + ": the strength must be a finite number >= 0, got " + strength);
        }
        if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
            throw new IllegalArgumentException(name + ": expected a clamp range min <= max, got [" + min + ", " + max + "]");
        }
        this.name = name;
        this.strength = strength;
        this.range = new double[]{Math.max(0, 1 - strength), 1 + strength};
        this.min = min;
        this.max = max;
    }

    public final double strength() {
        return strength;
    }

    /** The factors' interval {@code {low, high}}. */
    public final double[] factorRange() {
        return range.clone();
    }

    /** Checks the example shape {@code chw} before any image changes; accepts any by default. */
    void checkImages(int[] chw, BatchArrays batch) {
    }

    /** Adjusts the image of {@code c x plane} pixels at {@code offset} by {@code factor}, before clamping. */
    abstract void adjust(float[] f, int offset, int c, int plane, double factor);

    @Override
    public final void apply(BatchArrays batch, Generator random) {
        int[] chw = Images.chw(name, batch);
        checkImages(chw, batch);
        int plane = chw[1] * chw[2];
        int n = chw[0] * plane;
        float[] f = batch.features();
        for (int b = 0; b < batch.size(); b++) {
            double factor = range[0] + (range[1] - range[0]) * random.nextDouble();
            adjust(f, b * n, chw[0], plane, factor);
            for (int i = b * n; i < (b + 1) * n; i++) {
                f[i] = (float) Math.min(max, Math.max(min, f[i]));
            }
        }
    }

    @Override
    public final String toString() {
        return name + "(" + strength + ", clamp=[" + min + ", " + max + "])";
    }
}
