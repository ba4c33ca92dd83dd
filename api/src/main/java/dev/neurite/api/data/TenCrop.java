package dev.neurite.api.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The crops of torchvision's {@code FiveCrop(size)} and {@code TenCrop(size)}, the classic test-time augmentation
 * of image classifiers (Krizhevsky et al., 2012): the four corners and the centre, then the same five of the image
 * mirrored left to right. The order is torchvision's: top-left, top-right, bottom-left, bottom-right, centre.
 *
 * <p>The centre crop starts at {@code round((H - size) / 2)} with Python's rounding (halves to even), as
 * torchvision's {@code center_crop}. The mirrored five are crops of the mirrored image, as in torchvision: the
 * mirrored image's top-left crop is the original's top-right crop mirrored, and when {@code W - size} is odd the
 * mirrored centre crop starts one column left of the original's.
 */
public final class TenCrop {
    private TenCrop() {
    }

    /** The five crops of size {@code size x size} of images {@code height x width}, not mirrored. */
    public static List<Crop> fiveCrop(int height, int width, int size) {
        return five(height, width, size, false);
    }

    /** The ten crops: {@link #fiveCrop} of the image, then of its mirror image, each as a {@link Crop} of the original. */
    public static List<Crop> tenCrop(int height, int width, int size) {
        List<Crop> all = new ArrayList<>(five(height, width, size, false));
        all.addAll(five(height, width, size, true));
        return List.copyOf(all);
    }

    private static List<Crop> five(int height, int width, int size, boolean mirrored) {
        if (size < 1 || size > height || size > width) {
            throw new IllegalArgumentException("ten-crop: the crop size must be in [1, min(H, W)] = [1, "
                    + Math.min(height, width) + "] for images " + height + "x" + width + ", got " + size);
        }
        int bottom = height - size;
        int right = width - size;
        int[][] topLeft = {{0, 0}, {0, right}, {bottom, 0}, {bottom, right},
                {(int) Math.rint(bottom / 2.0), (int) Math.rint(right / 2.0)}};
        List<Crop> crops = new ArrayList<>();
        for (int[] at : topLeft) {
            // A crop at column c of the mirrored image covers columns [W - c - size, W - c) of the original.
            int left = mirrored ? width - at[1] - size : at[1];
            crops.add(new Crop(at[0], left, size, size, mirrored));
        }
        return crops;
    }
}
