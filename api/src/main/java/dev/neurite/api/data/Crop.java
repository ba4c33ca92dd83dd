package dev.neurite.api.data;

import dev.neurite.api.Tensor;

/**
 * The {@code height x width} window at row {@code top} and column {@code left} of each image of a batch
 * {@code [B, C, H, W]}, mirrored left to right afterwards when {@code flipped}. {@link TenCrop} makes ten of them.
 */
public record Crop(int top, int left, int height, int width, boolean flipped) implements ImageView {
    public Crop {
        if (top < 0 || left < 0 || height < 1 || width < 1) {
            throw new IllegalArgumentException("crop: expected top, left >= 0 and height, width >= 1, got top " + top
                    + ", left " + left + ", " + height + "x" + width);
        }
    }

    @Override
    public Tensor apply(Tensor images) {
        ImageView.check("crop", images);
        if (top + height > images.size(2) || left + width > images.size(3)) {
            throw new IllegalArgumentException("crop: the window " + height + "x" + width + " at (" + top + ", " + left
                    + ") does not fit images of shape " + images.shape());
        }
        Tensor window = images.slice(2, top, top + height).slice(3, left, left + width);
        return flipped ? ImageView.flipWidth(window) : window;
    }

    @Override
    public String toString() {
        return (flipped ? "hflip " : "") + "crop " + height + "x" + width + " at (" + top + ", " + left + ")";
    }
}
