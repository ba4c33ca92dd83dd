package dev.neurite.layers.vision;

import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Sequential;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Grad-CAM (Selvaraju et al., 2017): where in the image a convolutional classifier found the evidence for a class.
 * The activations {@code A} of a chosen layer (a feature map {@code [1, C, h, w]}) are weighted per channel by the
 * spatial mean of the gradient of the class score (the logit) with respect to them, summed over channels and passed
 * through ReLU; the map is upsampled bilinearly to the input's size and scaled to [0, 1].
 *
 * <p>The map can be empty: when the channel weights make the weighted sum negative at every location (typical at the
 * ReLU after the last convolution of a briefly trained network, whose evidence for a class is mostly that other
 * classes' features are absent, so most mean gradients are negative while the activations are all >= 0), ReLU leaves
 * nothing. That is Grad-CAM's definition, and other implementations (pytorch-grad-cam) return the same empty map;
 * {@link Result#empty()} says so, so callers can tell the user instead of showing a blank overlay.
 */
public final class GradCam {
    private GradCam() {
    }

    /**
     * A Grad-CAM map with what it was made from.
     *
     * @param map  {@code [H][W]} in [0, 1]
     * @param peak the largest value of the channel-weighted sum before ReLU; not above 0 means the map is empty
     */
    public record Result(double[][] map, double peak) {
        /** True when no location has positive evidence for the class at this layer: the map is all zero. */
        public boolean empty() {
            return !(peak > 0);
        }
    }

    /** {@link #explain}'s map alone. */
    public static double[][] heatmap(Sequential model, int layerIndex, Tensor image, int targetClass) {
        return explain(model, layerIndex, image, targetClass).map();
    }

    /**
     * @param model       a classifier whose output is {@code [1, classes]} scores (logits)
     * @param layerIndex  the layer (of {@code model.layers()}) whose output is explained, typically the last conv
     *                    layer or the activation after it
     * @param image       one image {@code [1, C, H, W]}
     * @param targetClass the class whose evidence is shown
     * @return the map, {@code [H][W]} values in [0, 1] (all zero when no location speaks for the class), and its peak
     */
    public static Result explain(Sequential model, int layerIndex, Tensor image, int targetClass) {
        long[] in = image.shape().toArray();
        if (in.length != 4 || in[0] != 1) {
            throw new IllegalArgumentException("GradCam: expects one image [1, C, H, W], got shape " + image.shape());
        }
        List<Layer> layers = model.layers();
        if (layerIndex < 0 || layerIndex >= layers.size()) {
            throw new IllegalArgumentException("GradCam: layer index " + layerIndex + " is out of range; the model has "
                    + layers.size() + " layers");
        }
        int height = (int) in[2];
        int width = (int) in[3];
        boolean wasTraining = model.isTraining();
        Map<String, Tensor> params = model.parameters();
        Map<String, Tensor> savedGrads = new HashMap<>();
        params.forEach((name, p) -> savedGrads.put(name, p.grad()));
        double[] activations;
        double[] gradients;
        long[] a;
        model.eval();
        try (MemoryScope scope = MemoryScope.open(); GradMode.Guard g = GradMode.enableGrad()) {
            Tensor x = image.detach();
            Tensor target = null;
            for (int i = 0; i < layers.size(); i++) {
                x = layers.get(i).forward(x);
                if (i == layerIndex) {
                    if (x.rank() != 4) {
                        throw new IllegalArgumentException("GradCam: layer " + layerIndex + " (" + layers.get(i).typeId()
                                + ") outputs shape " + x.shape() + ", not a feature map [1, C, h, w]; choose a convolution layer");
                    }
                    x = x.requiresGrad() ? x.retainGrad() : x.requiresGrad(true);
                    target = x;
                }
            }
            if (x.rank() != 2 || x.size(0) != 1) {
                throw new IllegalArgumentException("GradCam: the model should output class scores [1, classes], got " + x.shape());
            }
            if (targetClass < 0 || targetClass >= x.size(1)) {
                throw new IllegalArgumentException("GradCam: class " + targetClass + " is out of range for "
                        + x.size(1) + " classes");
            }
            x.slice(1, targetClass, targetClass + 1).sum().backward();
            a = target.shape().toArray();
            activations = target.toDoubleArray();
            gradients = target.grad() == null ? new double[activations.length] : target.grad().toDoubleArray();
        } finally {
            params.forEach((name, p) -> p.setGrad(savedGrads.get(name)));
            model.train(wasTraining);
        }
        int channels = (int) a[1];
        int h = (int) a[2];
        int w = (int) a[3];
        int plane = h * w;
        double[] cam = new double[plane];
        for (int c = 0; c < channels; c++) {
            double weight = 0;
            for (int i = 0; i < plane; i++) {
                weight += gradients[c * plane + i];
            }
            weight /= plane;
            for (int i = 0; i < plane; i++) {
                cam[i] += weight * activations[c * plane + i];
            }
        }
        double[][] map = new double[h][w];
        double peak = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < h; r++) {
            for (int col = 0; col < w; col++) {
                peak = Math.max(peak, cam[r * w + col]);
                map[r][col] = Math.max(0, cam[r * w + col]);
            }
        }
        return new Result(normalise(upsample(map, height, width)), peak);
    }

    /** Bilinear resize of {@code src} to {@code height x width}, sampling at pixel centres (PyTorch's align_corners=False). */
    public static double[][] upsample(double[][] src, int height, int width) {
        int h = src.length;
        int w = src[0].length;
        double[][] out = new double[height][width];
        for (int y = 0; y < height; y++) {
            double sy = Math.max(0, (y + 0.5) * h / height - 0.5);
            int y0 = Math.min((int) sy, h - 1);
            int y1 = Math.min(y0 + 1, h - 1);
            double fy = sy - y0;
            for (int x = 0; x < width; x++) {
                double sx = Math.max(0, (x + 0.5) * w / width - 0.5);
                int x0 = Math.min((int) sx, w - 1);
                int x1 = Math.min(x0 + 1, w - 1);
                double fx = sx - x0;
                out[y][x] = (1 - fy) * ((1 - fx) * src[y0][x0] + fx * src[y0][x1])
                        + fy * ((1 - fx) * src[y1][x0] + fx * src[y1][x1]);
            }
        }
        return out;
    }

    /** Scales to [0, 1] by the minimum and maximum, in place; a constant map becomes all zeros. */
    public static double[][] normalise(double[][] map) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : map) {
            for (double v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        double range = max - min;
        for (double[] row : map) {
            for (int i = 0; i < row.length; i++) {
                row[i] = range > 0 && Double.isFinite(range) ? (row[i] - min) / range : 0;
            }
        }
        return map;
    }
}
