package dev.neurite.api.data;

import dev.neurite.api.Generator;

/**
 * Data augmentation like torchvision's {@code RandomHorizontalFlip(p)}: mirrors each image of a batch of
 * {@code [C, H, W]} examples left to right (every row reversed, all channels alike) with probability {@code p},
 * drawn per image.
 */
public final class RandomHorizontalFlip implements Transform {
    private final double p;

    public RandomHorizontalFlip() {
        this(0.5);
    }

    public RandomHorizontalFlip(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("RandomHorizontalFlip: p must be in [0, 1], got " + p);
        }
        this.p = p;
    }

    public double p() {
        return p;
    }

    @Override
    public void apply(BatchArrays batch, Generator random) {
        int[] chw = Images.chw("RandomHorizontalFlip", batch);
        int c = chw[0];
        int h = chw[1];
        int w = chw[2];
        float[] f = batch.features();
        for (int b = 0; b < batch.size(); b++) {
            if (!(random.nextDouble() < p)) {
                continue;
            }
            for (int row = 0; row < c * h; row++) {
                int base = (b * c * h + row) * w;
                for (int i = 0, j = w - 1; i < j; i++, j--) {
                    float t = f[base + i];
                    f[base + i] = f[base + j];
                    f[base + j] = t;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "RandomHorizontalFlip(p=" + p + ")";
    }
}
