package dev.neurite.apps.cli;

import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.data.Dataset;
import dev.neurite.api.io.Checkpoint;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Sequential;
import dev.neurite.layers.activation.ActivationLayer;
import dev.neurite.layers.conv.Conv2d;
import dev.neurite.layers.conv.ResidualBlock;
import dev.neurite.layers.vision.GradCam;
import dev.neurite.layers.vision.HeatmapPng;
import dev.neurite.layers.vision.Occlusion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code neurite gradcam --model CKPT --image N}: where a saved image classifier looks, as a Grad-CAM (or, with
 * {@code --occlusion}, an occlusion-sensitivity) heat map over test image N, written as a PNG.
 */
@Command(name = "gradcam", mixinStandardHelpOptions = true,
        description = "Explain a saved CNN's prediction for one test image: a Grad-CAM heat map (or occlusion "
                + "sensitivity) drawn over the image as a PNG.")
final class GradCamCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "CKPT", description = "Checkpoint directory written by 'neurite train'.")
    Path checkpoint;

    @Option(names = "--image", required = true, paramLabel = "N", description = "Index of the test image (from 0).")
    int image;

    @Option(names = "--class", paramLabel = "K", description = "Class to explain (default: the predicted class).")
    Integer targetClass;

    @Option(names = "--layer", paramLabel = "I",
            description = "Index of the model's layer whose feature map is used (default: the activation after the last convolution).")
    Integer layer;

    @Option(names = "--occlusion", description = "Draw the drop in the class's probability when a gray patch hides each "
            + "place, instead of Grad-CAM (works for any model).")
    boolean occlusion;

    @Option(names = "--patch", defaultValue = "4", description = "Occlusion patch side in pixels (default: ${DEFAULT-VALUE}).")
    int patch;

    @Option(names = "--stride", defaultValue = "2", description = "Occlusion patch stride in pixels (default: ${DEFAULT-VALUE}).")
    int stride;

    @Option(names = "--out", paramLabel = "FILE.png", description = "Where to write the PNG (default: gradcam-N.png or occlusion-N.png).")
    Path out;

    @Mixin
    TestDataOptions testData;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws Exception {
        backendOptions.select();
        Layer model = Checkpoint.load(checkpoint).model();
        int camLayer = occlusion ? -1 : camLayer(model);
        TrainingData resolved = testData.resolve();
        Dataset test = resolved.test();
        if (image < 0 || image >= test.size()) {
            throw new IllegalArgumentException("--image " + image + " is out of range: the test set (" + resolved.description()
                    + ") has images 0.." + (test.size() - 1));
        }
        long[] shape = test.exampleShape().toArray();
        if (shape.length != 3) {
            throw new IllegalArgumentException("the data's examples have shape " + test.exampleShape() + ", not images [C, H, W]");
        }
        int channels = (int) shape[0];
        int h = (int) shape[1];
        int w = (int) shape[2];
        float[] pixels = new float[test.exampleSize()];
        test.copyFeatures(new int[]{image}, pixels);
        long[] label = new long[1];
        test.copyLabels(new int[]{image}, label);
        Tensor input = Tensor.of(pixels, 1, channels, h, w);

        double[] probabilities;
        boolean wasTraining = model.isTraining();
        model.eval();
        try (GradMode.Guard g = GradMode.noGrad()) {
            Tensor logits = model.forward(input);
            if (logits.rank() != 2 || logits.size(0) != 1) {
                throw new IllegalArgumentException("the model outputs shape " + logits.shape() + ", not class scores [1, classes]");
            }
            probabilities = logits.softmax(1).toDoubleArray();
        } finally {
            model.train(wasTraining);
        }
        int predicted = 0;
        for (int k = 1; k < probabilities.length; k++) {
            if (probabilities[k] > probabilities[predicted]) {
                predicted = k;
            }
        }
        int target = targetClass != null ? targetClass : predicted;
        if (target < 0 || target >= probabilities.length) {
            throw new IllegalArgumentException("--class " + target + " is out of range: the model has classes 0.."
                    + (probabilities.length - 1));
        }

        GradCam.Result cam = occlusion ? null : GradCam.explain((Sequential) model, camLayer, input, target);
        double[][] heat = occlusion
                ? Occlusion.positiveNormalised(Occlusion.sensitivity(model, input, target, patch, stride))
                : cam.map();
        Path png = out != null ? out : Path.of((occlusion ? "occlusion-" : "gradcam-") + image + ".png");
        HeatmapPng.write(png, gray(pixels, channels, h * w), h, w, heat);

        List<String> names = resolved.classNames();
        System.out.println("data:      " + resolved.description());
        System.out.printf(Locale.ROOT, "image %d:  label %s, predicted %s (%.1f%%)%n", image, name(names, (int) label[0]),
                name(names, predicted), 100 * probabilities[predicted]);
        System.out.println("explained: " + name(names, target) + (occlusion
                ? " by occlusion (patch " + patch + ", stride " + stride + ")"
                : " by Grad-CAM at layer " + camLayer + " (" + ((Sequential) model).layers().get(camLayer).typeId() + ")"));
        if (cam != null && cam.empty()) {
            System.out.println(emptyMapNote((Sequential) model, camLayer, name(names, target), cam.peak()));
        }
        System.out.println("wrote:     " + png.toAbsolutePath());
        return ExitCodes.OK;
    }

    /**
     * The layer Grad-CAM reads: --layer, or the activation after the last convolution (the convolution itself when
     * none follows) or the last residual block (whose output is already activated); an error for a model it cannot
     * explain.
     */
    private int camLayer(Layer model) {
        if (!(model instanceof Sequential sequential)) {
            throw new IllegalArgumentException("Grad-CAM needs a Sequential model with a convolution layer, but the "
                    + "checkpoint holds a '" + model.typeId() + "'; use --occlusion, which works for any model");
        }
        List<Layer> layers = sequential.layers();
        if (layer != null) {
            if (layer < 0 || layer >= layers.size()) {
                throw new IllegalArgumentException("--layer " + layer + " is out of range: the model has layers 0.."
                        + (layers.size() - 1));
            }
            return layer;
        }
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (layers.get(i) instanceof ResidualBlock) {
                return i;
            }
            if (layers.get(i) instanceof Conv2d) {
                // Grad-CAM reads activations: on raw convolution outputs the map mostly lights up the background.
                boolean activationFollows = i + 1 < layers.size() && layers.get(i + 1) instanceof ActivationLayer;
                return activationFollows ? i + 1 : i;
            }
        }
        throw new IllegalArgumentException("Grad-CAM needs a convolution layer, and this model has none (layers: "
                + layers.stream().map(Layer::typeId).toList() + "); use --occlusion, which works for any model");
    }

    /**
     * Why the overlay is blank and what to try: the layer before an activation (its raw convolution output has signed
     * values, so some locations usually keep positive evidence) or occlusion.
     */
    static String emptyMapNote(Sequential model, int camLayer, String className, double peak) {
        List<Layer> layers = model.layers();
        String other = camLayer > 0 && layers.get(camLayer) instanceof ActivationLayer && layers.get(camLayer - 1) instanceof Conv2d
                ? " or --layer " + (camLayer - 1) + " (the convolution before it, whose signed outputs rarely leave the map empty)" : "";
        return String.format(Locale.ROOT, "note:      the Grad-CAM map is empty: at layer %d (%s) no location has positive "
                + "evidence for %s (the gradient-weighted sum of its channels is at most %.3g everywhere, and Grad-CAM "
                + "keeps only positive evidence); try --occlusion%s", camLayer, layers.get(camLayer).typeId(), className,
                peak, other);
    }

    private static float[] gray(float[] pixels, int channels, int plane) {
        float[] g = new float[plane];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < plane; i++) {
                g[i] += pixels[c * plane + i] / channels;
            }
        }
        return g;
    }

    private static String name(List<String> names, int k) {
        return k < names.size() ? k + " " + names.get(k) : Integer.toString(k);
    }
}
