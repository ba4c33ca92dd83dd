package dev.neurite.apps;

import dev.neurite.api.Generator;
import dev.neurite.api.io.Checkpoint;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Sequential;
import dev.neurite.api.train.Metric;
import dev.neurite.api.train.TestTimeAugmentation;
import dev.neurite.api.train.Trainer;
import dev.neurite.apps.CliRun.Result;
import dev.neurite.apps.cli.ExitCodes;
import dev.neurite.api.data.FashionMnist;
import dev.neurite.api.data.InMemoryDataset;
import dev.neurite.api.data.SyntheticImages;
import dev.neurite.apps.models.Models;
import dev.neurite.layers.conv.GlobalAvgPool;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.loss.SparseCategoricalCrossEntropy;
import dev.neurite.layers.optim.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.neurite.apps.CliRun.neurite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code neurite eval} with --tta and its precision/recall/F1 table, on a small test set written as IDX files (the
 * synthetic images, so the test needs no download and evaluates 400 images rather than 10,000).
 */
class EvalTtaCliTest {
    private static final Pattern SUMMARY = Pattern.compile("loss (\\d+\\.\\d{4})  accuracy (\\d+\\.\\d{2})%");
    private static final int TEST_IMAGES = 400;

    private static void writeIdx(Path file, int[] dims, byte[] values) throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeInt(0x0800 | dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(values);
        }
    }

    /** The synthetic images as the four Fashion-MNIST files (unpacked) in {@code dir}: 10 for training, 400 for testing. */
    private static Path smallDataSet(Path dir) throws IOException {
        Files.createDirectories(dir);
        String[][] files = {{"train-images-idx3-ubyte", "train-labels-idx1-ubyte"}, {"t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte"}};
        int[] sizes = {10, TEST_IMAGES};
        for (int f = 0; f < 2; f++) {
            InMemoryDataset data = SyntheticImages.generate(sizes[f], 31 + f);
            byte[] pixels = new byte[sizes[f] * 784];
            byte[] labels = new byte[sizes[f]];
            for (int i = 0; i < sizes[f]; i++) {
                float[] x = data.example(i);
                for (int j = 0; j < 784; j++) {
                    pixels[i * 784 + j] = (byte) Math.round(x[j] * 255);
                }
                labels[i] = (byte) data.label(i);
            }
            writeIdx(dir.resolve(files[f][0]), new int[]{sizes[f], 28, 28}, pixels);
            writeIdx(dir.resolve(files[f][1]), new int[]{sizes[f]}, labels);
        }
        return dir;
    }

    private static Matcher summary(Result r) {
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        Matcher m = SUMMARY.matcher(r.out());
        assertTrue(m.find(), r.toString());
        return m;
    }

    @Test
    void tenCropIsTheAverageOverPaddedShiftedCropsAndTheReportHasEveryClass(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("mlp");
        Checkpoint.save(ckpt, Models.mlp(3), null, null, Map.of());
        String data = smallDataSet(dir.resolve("data")).toString();

        Result plain = neurite("eval", ckpt.toString(), "--data", data);
        Result tenCrop = neurite("eval", ckpt.toString(), "--data", data, "--tta", "ten-crop");
        Result small = neurite("eval", ckpt.toString(), "--data", data, "--tta", "ten-crop", "--crop", "24");

        Matcher p = summary(plain);
        // per-class rows plus the averages; the micro average is the accuracy
        long classRows = plain.out().lines().filter(l -> l.matches(".*\\s+\\d\\.\\d{4}\\s+\\d\\.\\d{4}\\s+\\d\\.\\d{4}\\s+\\d+"))
                .count();
        assertEquals(10 + 3, classRows, plain.toString());
        Matcher micro = Pattern.compile("micro avg\\s+(\\d\\.\\d{4})\\s+(\\d\\.\\d{4})\\s+(\\d\\.\\d{4})\\s+" + TEST_IMAGES)
                .matcher(plain.out());
        assertTrue(micro.find(), plain.toString());
        assertEquals(Double.parseDouble(p.group(2)), 100 * Double.parseDouble(micro.group(3)), 0.006);

        assertTrue(tenCrop.out().contains("tta: ten-crop, 10 views (28x28 crops of the 28x28 images padded by 2)"),
                tenCrop.toString());
        assertTrue(small.out().contains("(24x24 crops of the 28x28 images padded by 0, zero-padded back to 28x28)"),
                small.toString());
        // the defaults mean crops of 28 of the image padded by 2: the same number as the API computes
        Layer model = Checkpoint.load(ckpt).model();
        Map<String, Double> expected = Trainer.builder(TestTimeAugmentation.tenCrop(model, 28, 28, 28, 2),
                        new SparseCategoricalCrossEntropy(), new Adam(model.parameters())).batchSize(512)
                .metrics(Metric.accuracy()).build().evaluate(FashionMnist.load(Path.of(data)).test());
        Matcher t = summary(tenCrop);
        assertEquals(String.format(Locale.ROOT, "%.4f", expected.get("loss")), t.group(1), tenCrop.toString());
        assertEquals(String.format(Locale.ROOT, "%.2f", 100 * expected.get("accuracy")), t.group(2));
        assertNotEquals(p.group(1), t.group(1), "the views change the predictions of an MLP");
        assertNotEquals(t.group(1), summary(small).group(1), "other crops, other numbers");
    }

    @Test
    void aMirrorInvariantModelScoresTheSameWithFlipsAsWithout(@TempDir Path dir) throws Exception {
        // The mean pixel, then a dense layer: mirroring changes nothing, nor do full-size crops without padding.
        Path ckpt = dir.resolve("mean");
        Checkpoint.save(ckpt, new Sequential(new GlobalAvgPool(), new Dense(1, 10, new Generator(2))), null, null, Map.of());
        String data = smallDataSet(dir.resolve("data")).toString();

        Matcher plain = summary(neurite("eval", ckpt.toString(), "--data", data));
        Matcher flip = summary(neurite("eval", ckpt.toString(), "--data", data, "--tta", "flip"));
        Matcher same = summary(neurite("eval", ckpt.toString(), "--data", data, "--tta", "ten-crop", "--tta-padding", "0"));

        assertEquals(plain.group(0), flip.group(0));
        assertEquals(plain.group(0), same.group(0));
    }

    @Test
    void badTtaOptionsAreUsageErrorsNamingTheValue(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("mlp");
        Checkpoint.save(ckpt, Models.mlp(3), null, null, Map.of());
        String data = smallDataSet(dir.resolve("data")).toString();

        Result tooBig = neurite("eval", ckpt.toString(), "--data", data, "--tta", "ten-crop", "--crop", "40");
        Result noTta = neurite("eval", ckpt.toString(), "--crop", "24");
        Result unknown = neurite("eval", ckpt.toString(), "--tta", "five-crop");

        assertEquals(ExitCodes.USAGE, tooBig.exitCode(), tooBig.toString());
        assertTrue(tooBig.err().contains("[1, 28]") && tooBig.err().contains("got 40"), tooBig.toString());
        assertEquals(ExitCodes.USAGE, noTta.exitCode(), noTta.toString());
        assertTrue(noTta.err().contains("--tta ten-crop"), noTta.toString());
        assertEquals(ExitCodes.USAGE, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.err().contains("'five-crop'"), unknown.toString());
    }
}
