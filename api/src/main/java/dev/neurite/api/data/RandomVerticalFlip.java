package dev.neurite.api.data;

import dev.neurite.api.Generator;

/**
 * Data augmentation like torchvision's {@code RandomVerticalFlip(p)}: turns each image of a batch of
 * {@code [C, H, W]} examples upside down (the order of its rows reversed, all channels alike) with probability
 * {@code p}, drawn per image. Useful where up and down carry no meaning (aerial, microscope images); it would
 * confuse a classifier of clothes or digits.
 */
public final class RandomVerticalFlip implements Transform {
    private final double p;

    public RandomVerticalFlip() {
        this(0.5);
    }

    public RandomVerticalFlip(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("RandomVerticalFlip: p must be in [0, 1], got " + p);
        }
        this.p = p;
    }

    public double p() {
        return p;
    }

    @Override
    public void apply(BatchArrays batch, Generator random) {
        int[] chw = Images.chw("RandomVerticalFlip", batch);
        int c = chw[0];
        int h = chw[1];
        int w = chw[2];
        float[] f = batch.features();
        float[] row = new float[w];
        for (int b = 0; b < batch.size(); b++) {
            if (!(random.nextDouble() < p)) {
                continue;
            }
            for (int ch = 0; ch < c; ch++) {
                int base = (b * c + ch) * h * w;
                for (int i = 0, j = h - 1; i < j; i++, j--) {
                    System.arraycopy(f, base + i * w, row, 0, w);
                    System.arraycopy(f, base + j * w, f, base + i * w, w);
                    System.arraycopy(row, 0, f, base + j * w, w);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "RandomVerticalFlip(p=" + p + ")";
    }
}
