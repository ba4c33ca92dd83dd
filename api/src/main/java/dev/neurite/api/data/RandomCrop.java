package dev.neurite.api.data;

import dev.neurite.api.Generator;

import java.util.Arrays;

/**
 * Data augmentation like torchvision's {@code RandomCrop(size, padding)}: each image of a batch of {@code [C, H, W]}
 * examples is padded with {@code padding} zeros on every side and a {@code size x size} window is cut out at a
 * random offset (the same for all channels of an image, drawn per image: top, then left). The crop has the size of
 * the image, since the batch is changed in place; with {@code padding = 4} on 28x28 images it shifts each image by
 * up to 4 pixels in each direction, filling the uncovered border with zeros.
 */
public final class RandomCrop implements Transform {
    private final int size;
    private final int padding;

    public RandomCrop(int size, int padding) {
        if (size < 1 || padding < 0) {
            throw new IllegalArgumentException("RandomCrop: size must be >= 1 and padding >= 0, got size " + size
                    + ", padding " + padding);
        }
        this.size = size;
        this.padding = padding;
    }

    public int size() {
        return size;
    }

    public int padding() {
        return padding;
    }

    @Override
    public void apply(BatchArrays batch, Generator random) {
        int[] chw = Images.chw("RandomCrop", batch);
        int c = chw[0];
        int h = chw[1];
        int w = chw[2];
        if (h != size || w != size) {
            throw new IllegalArgumentException("RandomCrop: crops in place, so the crop size " + size
                    + " must equal the image size, got images of " + h + "x" + w);
        }
        int range = 2 * padding + 1; // the window's offsets in the padded image: 0..2*padding
        float[] f = batch.features();
        float[] plane = new float[h * w];
        int planeSize = h * w;
        for (int b = 0; b < batch.size(); b++) {
            int top = random.nextInt(range);
            int left = random.nextInt(range);
            int dy = top - padding; // the crop's row r is the original's row r + dy
            int dx = left - padding;
            for (int ch = 0; ch < c; ch++) {
                int base = (b * c + ch) * planeSize;
                System.arraycopy(f, base, plane, 0, planeSize);
                Arrays.fill(f, base, base + planeSize, 0f);
                for (int r = 0; r < h; r++) {
                    int sr = r + dy;
                    if (sr < 0 || sr >= h) {
                        continue;
                    }
                    int c0 = Math.max(0, -dx);
                    int c1 = Math.min(w, w - dx);
                    if (c1 > c0) {
                        System.arraycopy(plane, sr * w + c0 + dx, f, base + r * w + c0, c1 - c0);
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return "RandomCrop(" + size + ", padding=" + padding + ")";
    }
}
