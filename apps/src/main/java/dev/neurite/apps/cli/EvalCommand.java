package dev.neurite.apps.cli;

import dev.neurite.api.io.Checkpoint;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.train.ConfusionMatrix;
import dev.neurite.api.train.Metric;
import dev.neurite.api.train.TestTimeAugmentation;
import dev.neurite.api.train.Trainer;
import dev.neurite.layers.loss.SparseCategoricalCrossEntropy;
import dev.neurite.layers.optim.Adam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code neurite eval CKPT}: test-set loss, accuracy, top-5, the confusion matrix and per-class precision, recall and
 * F1 of a saved model, optionally with test-time augmentation ({@code --tta}).
 */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a saved model on the test set.")
final class EvalCommand implements Callable<Integer> {
    /** The shift of train --augment's random crops, so ten-crop of full-size crops sees the same kind of views. */
    static final int DEFAULT_FULL_SIZE_PADDING = 2;

    @Parameters(index = "0", paramLabel = "CKPT", description = "Checkpoint directory written by 'neurite train'.")
    Path checkpoint;

    @Option(names = "--tta", paramLabel = "MODE", defaultValue = "none",
            description = "Test-time augmentation, averaging the model's softmax over views of each image: none, flip (the "
                    + "image and its mirror image) or ten-crop (four corners and the centre, and their mirror images). "
                    + "Default: ${DEFAULT-VALUE}.")
    String tta;

    @Option(names = "--crop", paramLabel = "N", description = "ten-crop: the crop size (default: the image size). Crops "
            + "smaller than the image are zero-padded back to its size, centred, so any model takes them.")
    Integer crop;

    @Option(names = "--tta-padding", paramLabel = "P", description = "ten-crop: zeros added on every side of the image "
            + "before cropping (default: " + DEFAULT_FULL_SIZE_PADDING + " when the crop is the image size, which makes "
            + "the corner crops the image shifted by 2 pixels, as train --augment shifts it; else 0).")
    Integer padding;

    @Mixin
    TestDataOptions testData;

    @Mixin
    BackendOptions backendOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!tta.equals("none") && !tta.equals("flip") && !tta.equals("ten-crop")) {
            throw new ParameterException(spec.commandLine(), "--tta: expected none, flip or ten-crop, got '" + tta + "'");
        }
        if (!tta.equals("ten-crop") && (crop != null || padding != null)) {
            throw new ParameterException(spec.commandLine(), "--crop and --tta-padding go with --tta ten-crop, got --tta "
                    + tta);
        }
        backendOptions.select();
        Checkpoint.Loaded loaded = Checkpoint.load(checkpoint);
        TrainingData data = testData.resolve();
        Layer model = withTta(loaded.model(), data);
        ConfusionMatrix confusion = new ConfusionMatrix(data.classNames().size());
        Trainer trainer = Trainer.builder(model,
                        loaded.loss() != null ? loaded.loss() : new SparseCategoricalCrossEntropy(),
                        loaded.optimizer() != null ? loaded.optimizer() : new Adam(loaded.model().parameters()))
                .batchSize(512).metrics(Metric.accuracy(), Metric.topK(5), confusion).build();
        Map<String, Double> result = trainer.evaluate(data.test());
        System.out.println("data: " + data.description());
        System.out.printf(Locale.ROOT, "loss %.4f  accuracy %.2f%%  top-5 %.2f%%%n", result.get("loss"),
                100 * result.get("accuracy"), 100 * result.get("top5"));
        System.out.print(confusion);
        System.out.print(confusion.report(data.classNames()));
        return ExitCodes.OK;
    }

    /** The model, or the model averaged over the views --tta asks for (after saying which). */
    private Layer withTta(Layer model, TrainingData data) {
        if (tta.equals("none")) {
            return model;
        }
        if (tta.equals("flip")) {
            System.out.println("tta: flip, 2 views (the image and its mirror image)");
            return TestTimeAugmentation.horizontalFlips(model);
        }
        long[] chw = data.test().exampleShape().toArray();
        if (chw.length != 3) {
            throw new ParameterException(spec.commandLine(), "--tta ten-crop: expected images [C, H, W], got examples of "
                    + "shape " + data.test().exampleShape());
        }
        int h = (int) chw[1];
        int w = (int) chw[2];
        int size = crop != null ? crop : Math.min(h, w);
        if (size < 1 || size > Math.min(h, w)) {
            throw new ParameterException(spec.commandLine(), "--crop: expected a size in [1, " + Math.min(h, w)
                    + "] for the " + h + "x" + w + " test images, got " + size);
        }
        int pad = padding != null ? padding : size == Math.min(h, w) ? DEFAULT_FULL_SIZE_PADDING : 0;
        if (pad < 0) {
            throw new ParameterException(spec.commandLine(), "--tta-padding: expected a number >= 0, got " + pad);
        }
        System.out.printf(Locale.ROOT, "tta: ten-crop, 10 views (%dx%d crops of the %dx%d images padded by %d%s)%n", size,
                size, h, w, pad, size < h || size < w ? ", zero-padded back to " + h + "x" + w : "");
        return TestTimeAugmentation.tenCrop(model, h, w, size, pad);
    }
}
