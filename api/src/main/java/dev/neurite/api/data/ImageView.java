package dev.neurite.api.data;

import dev.neurite.api.Tensor;

/**
 * A deterministic view of a batch of images {@code [B, C, H, W]}, a function of the tensor, for test-time
 * augmentation ({@code dev.neurite.api.train.TestTimeAugmentation}): a crop, a mirror image, a padding, or a chain of
 * them. Unlike a {@link Transform} it draws nothing and runs on tensors, on whichever backend holds them.
 */
@FunctionalInterface
public interface ImageView {
    Tensor apply(Tensor images);

    /** This view, then {@code next}. */
    default ImageView andThen(ImageView next) {
        ImageView first = this;
        return new ImageView() {
            @Override
            public Tensor apply(Tensor images) {
                return next.apply(first.apply(images));
            }

            @Override
            public String toString() {
                return first + " -> " + next;
            }
        };
    }

    /** The images as they are. */
    static ImageView identity() {
        return new ImageView() {
            @Override
            public Tensor apply(Tensor images) {
                return images;
            }

            @Override
            public String toString() {
                return "identity";
            }
        };
    }

    /** The images mirrored left to right. */
    static ImageView horizontalFlip() {
        return new ImageView() {
            @Override
            public Tensor apply(Tensor images) {
                return flipWidth(check("horizontal flip", images));
            }

            @Override
            public String toString() {
                return "hflip";
            }
        };
    }

    /** The images with {@code padding} zeros added on every side. */
    static ImageView pad(int padding) {
        if (padding < 0) {
            throw new IllegalArgumentException("pad view: padding must be >= 0, got " + padding);
        }
        return new ImageView() {
            @Override
            public Tensor apply(Tensor images) {
                check("pad view", images);
                return padding == 0 ? images
                        : images.pad(new long[][]{{0, 0}, {0, 0}, {padding, padding}, {padding, padding}}, 0);
            }

            @Override
            public String toString() {
                return "pad(" + padding + ")";
            }
        };
    }

    /**
     * The images zero-padded to {@code height x width}, centred (an odd extra row or column goes to the bottom or
     * right), so a crop fits a model that takes images of one size.
     */
    static ImageView padTo(int height, int width) {
        return new ImageView() {
            @Override
            public Tensor apply(Tensor images) {
                check("padTo view", images);
                long h = images.size(2);
                long w = images.size(3);
                if (h > height || w > width) {
                    throw new IllegalArgumentException("padTo view: expected images of at most " + height + "x" + width
                            + ", got " + images.shape());
                }
                if (h == height && w == width) {
                    return images;
                }
                long top = (height - h) / 2;
                long left = (width - w) / 2;
                return images.pad(new long[][]{{0, 0}, {0, 0}, {top, height - h - top}, {left, width - w - left}}, 0);
            }

            @Override
            public String toString() {
                return "padTo(" + height + "x" + width + ")";
            }
        };
    }

    /** The shape check of the views: a batch of images {@code [B, C, H, W]}. */
    static Tensor check(String view, Tensor images) {
        if (images.rank() != 4) {
            throw new IllegalArgumentException(view + ": expects images [B, C, H, W], got shape " + images.shape());
        }
        return images;
    }

    /** Reverses the last axis. */
    static Tensor flipWidth(Tensor images) {
        int w = (int) images.size(3);
        long[] reversed = new long[w];
        for (int i = 0; i < w; i++) {
            reversed[i] = w - 1 - i;
        }
        return images.gather(3, Tensor.ofLongs(reversed, w));
    }
}
