package dev.neurite.api.data;

/** Shape checks shared by the image transforms. */
final class Images {
    private Images() {
    }

    /** The {@code [C, H, W]} of a batch's examples, or an error naming the transform. */
    static int[] chw(String transform, BatchArrays batch) {
        long[] s = batch.exampleShape().toArray();
        if (s.length != 3) {
            throw new IllegalArgumentException(transform + ": expects images of shape [C, H, W], got examples of shape "
                    + batch.exampleShape());
        }
        return new int[]{(int) s[0], (int) s[1], (int) s[2]};
    }
}
