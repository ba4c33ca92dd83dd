package dev.neurite.layers.vision;

import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.nn.Layer;

/**
 * Occlusion sensitivity (Zeiler and Fergus, 2014): how much the probability of a class drops when a gray square
 * hides each part of the image. Works with any classifier, convolutional or not, and needs no gradients.
 */
public final class Occlusion {
    /** The patch's value: mid-gray for images with pixels in [0, 1]. */
    public static final double GRAY = 0.5;
    private static final int BATCH = 64;

    private Occlusion() {
    }

    /** {@link #sensitivity(Layer, Tensor, int, int, int, double)} with a {@link #GRAY} patch. */
    public static double[][] sensitivity(Layer model, Tensor image, int targetClass, int patch, int stride) {
        return sensitivity(model, image, targetClass, patch, stride, GRAY);
    }

    /**
     * Slides a {@code patch x patch} square of {@code fill} over the image {@code [1, C, H, W]} in steps of
     * {@code stride} (the last position flush with the right and bottom edges), covering all channels, and
     * records the drop of the softmax probability of {@code targetClass} against the unoccluded image.
     *
     * @return {@code [H][W]}: each pixel's mean drop over the patches that covered it (positive where hiding the
     * pixel hurts the class, negative where it helps)
     */
    public static double[][] sensitivity(Layer model, Tensor image, int targetClass, int patch, int stride, double fill) {
        long[] s = image.shape().toArray();
        if (s.length != 4 || s[0] != 1) {
            throw new IllegalArgumentException("Occlusion: expects one image [1, C, H, W], got shape " + image.shape());
        }
        int c = (int) s[1];
        int h = (int) s[2];
        int w = (int) s[3];
        if (patch < 1 || patch > Math.min(h, w) || stride < 1) {
            throw new IllegalArgumentException("Occlusion: patch must be in 1.." + Math.min(h, w) + " and stride >= 1, got patch "
                    + patch + ", stride " + stride);
        }
        int[] tops = positions(h, patch, stride);
        int[] lefts = positions(w, patch, stride);
        int count = tops.length * lefts.length;
        float[] pixels = image.toFloatArray();
        int size = c * h * w;
        double[] probabilities = new double[count];
        double base;
        boolean wasTraining = model.isTraining();
        model.eval();
        try (GradMode.Guard g = GradMode.noGrad()) {
            base = probabilities(model, image, targetClass)[0];
            for (int start = 0; start < count; start += BATCH) {
                int n = Math.min(BATCH, count - start);
                float[] batch = new float[n * size];
                for (int k = 0; k < n; k++) {
                    int position = start + k;
                    int top = tops[position / lefts.length];
                    int left = lefts[position % lefts.length];
                    System.arraycopy(pixels, 0, batch, k * size, size);
                    for (int ch = 0; ch < c; ch++) {
                        for (int r = top; r < top + patch; r++) {
                            int offset = k * size + (ch * h + r) * w;
                            java.util.Arrays.fill(batch, offset + left, offset + left + patch, (float) fill);
                        }
                    }
                }
                try (MemoryScope scope = MemoryScope.open()) {
                    double[] p = probabilities(model, Tensor.of(batch, n, c, h, w).cast(image.dtype()), targetClass);
                    System.arraycopy(p, 0, probabilities, start, n);
                }
            }
        } finally {
            model.train(wasTraining);
        }
        double[][] sum = new double[h][w];
        int[][] covered = new int[h][w];
        for (int position = 0; position < count; position++) {
            int top = tops[position / lefts.length];
            int left = lefts[position % lefts.length];
            double drop = base - probabilities[position];
            for (int r = top; r < top + patch; r++) {
                for (int col = left; col < left + patch; col++) {
                    sum[r][col] += drop;
                    covered[r][col]++;
                }
            }
        }
        for (int r = 0; r < h; r++) {
            for (int col = 0; col < w; col++) {
                sum[r][col] = covered[r][col] == 0 ? 0 : sum[r][col] / covered[r][col];
            }
        }
        return sum;
    }

    /** The positive part of a sensitivity map scaled to [0, 1] (all zeros when nothing hurts the class). */
    public static double[][] positiveNormalised(double[][] map) {
        double max = 0;
        for (double[] row : map) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        double[][] out = new double[map.length][];
        for (int r = 0; r < map.length; r++) {
            out[r] = new double[map[r].length];
            for (int i = 0; i < map[r].length; i++) {
                out[r][i] = max > 0 ? Math.max(0, map[r][i]) / max : 0;
            }
        }
        return out;
    }

    private static int[] positions(int extent, int patch, int stride) {
        int last = extent - patch;
        int n = last / stride + 1 + (last % stride == 0 ? 0 : 1);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = Math.min(i * stride, last);
        }
        return p;
    }

    private static double[] probabilities(Layer model, Tensor images, int targetClass) {
        Tensor out = model.forward(images);
        if (out.rank() != 2 || out.size(0) != images.size(0)) {
            throw new IllegalArgumentException("Occlusion: the model should output class scores [batch, classes], got " + out.shape());
        }
        if (targetClass < 0 || targetClass >= out.size(1)) {
            throw new IllegalArgumentException("Occlusion: class " + targetClass + " is out of range for " + out.size(1) + " classes");
        }
        return out.softmax(1).slice(1, targetClass, targetClass + 1).toDoubleArray();
    }
}
