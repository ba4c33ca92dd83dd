package dev.neurite.apps;

import dev.neurite.apps.CliRun.Result;

import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.data.InMemoryDataset;
import dev.neurite.api.data.SyntheticImages;
import dev.neurite.api.io.Checkpoint;
import dev.neurite.api.nn.Sequential;
import dev.neurite.api.train.Trainer;
import dev.neurite.apps.cli.ExitCodes;
import dev.neurite.apps.models.Models;
import dev.neurite.layers.activation.ReLU;
import dev.neurite.layers.conv.Conv2d;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.core.Flatten;
import dev.neurite.layers.loss.SparseCategoricalCrossEntropy;
import dev.neurite.layers.optim.Adam;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.neurite.apps.CliRun.neurite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code neurite gradcam} on a CNN trained for a few steps on synthetic images, through {@link Main#run}. */
class GradCamCommandTest {
    @TempDir
    static Path dir;
    private static Path cnn;


    @BeforeAll
    static void trainACnnBriefly() throws Exception {
        InMemoryDataset train = SyntheticImages.generate(512, 3);
        Sequential model = Models.cnn(1);
        Adam adam = new Adam(model.parameters(), 1e-3);
        Trainer.builder(model, new SparseCategoricalCrossEntropy(), adam).epochs(1).batchSize(64).seed(1).build().fit(train);
        cnn = dir.resolve("cnn");
        Checkpoint.save(cnn, model, adam, new SparseCategoricalCrossEntropy(), Map.of());
    }

    private static BufferedImage readPng(Path png) throws Exception {
        assertTrue(Files.isRegularFile(png), png + " written");
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "decodable PNG");
        return image;
    }

    @Test
    void gradcamOfTheLastConvWritesAnOverlayAndNamesThePrediction() throws Exception {
        Path png = dir.resolve("out").resolve("cam.png");

        Result r = neurite("gradcam", "--model", cnn.toString(), "--image", "3", "--out", png.toString());

        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertTrue(r.out().matches("(?s).*image 3:  label \\d .+, predicted \\d .+ \\(\\d+\\.\\d%\\).*"), r.toString());
        assertTrue(r.out().contains("by Grad-CAM at layer 5 (relu)"), "the ReLU after the last conv of Models.cnn is layer 5: " + r);
        assertTrue(r.out().contains("wrote:     " + png.toAbsolutePath()), r.toString());
        BufferedImage image = readPng(png);
        assertEquals(28 * 8, image.getWidth());
        assertEquals(28 * 8, image.getHeight());
    }

    /** In a ResNet the last residual block's output (already through its ReLU) is the map Grad-CAM reads. */
    @Test
    void gradcamOfAResnetReadsItsLastResidualBlock() throws Exception {
        Path resnet = dir.resolve("resnet");
        Checkpoint.save(resnet, Models.resnet(1), null, null, Map.of());
        Path png = dir.resolve("resnet.png");

        Result r = neurite("gradcam", "--model", resnet.toString(), "--image", "1", "--out", png.toString());

        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertTrue(r.out().contains("by Grad-CAM at layer 6 (residual_block)"), r.toString());
        assertEquals(28 * 8, readPng(png).getWidth());
    }

    @Test
    void explicitClassLayerAndOcclusion() throws Exception {
        Path cam = dir.resolve("cam-first.png");
        Result first = neurite("gradcam", "--model", cnn.toString(), "--image", "0", "--class", "2", "--layer", "1",
                "--out", cam.toString());
        assertEquals(ExitCodes.OK, first.exitCode(), first.toString());
        assertTrue(first.out().contains("explained: 2 ") && first.out().contains("at layer 1 (conv2d)"), first.toString());
        assertEquals(28 * 8, readPng(cam).getWidth());

        Path occ = dir.resolve("occ.png");
        Result occlusion = neurite("gradcam", "--model", cnn.toString(), "--image", "0", "--occlusion", "--out", occ.toString());
        assertEquals(ExitCodes.OK, occlusion.exitCode(), occlusion.toString());
        assertTrue(occlusion.out().contains("by occlusion (patch 4, stride 2)"), occlusion.toString());
        assertEquals(28 * 8, readPng(occ).getHeight());
    }

    @Test
    void aModelWithoutConvolutionIsAFailureWithAMessage() throws Exception {
        Path mlp = dir.resolve("mlp");
        Checkpoint.save(mlp, Models.mlp(1), null, null, Map.of());
        Path png = dir.resolve("mlp.png");

        Result r = neurite("gradcam", "--model", mlp.toString(), "--image", "0", "--out", png.toString());

        assertEquals(ExitCodes.FAILURE, r.exitCode(), r.toString());
        assertTrue(r.err().startsWith("neurite gradcam: ") && r.err().contains("convolution"), r.toString());
        assertFalse(Files.exists(png));

        Result badLayer = neurite("gradcam", "--model", cnn.toString(), "--image", "0", "--layer", "8", "--out", png.toString());
        assertEquals(ExitCodes.FAILURE, badLayer.exitCode(), badLayer.toString());
        assertTrue(badLayer.err().contains("feature map"), badLayer.toString());

        Result badImage = neurite("gradcam", "--model", cnn.toString(), "--image", "10000", "--out", png.toString());
        assertEquals(ExitCodes.FAILURE, badImage.exitCode(), badImage.toString());
        assertTrue(badImage.err().contains("out of range"), badImage.toString());
        assertFalse(Files.exists(png));
    }

    /**
     * A model whose every class score falls as its ReLU activations rise has no positive Grad-CAM evidence anywhere:
     * the command still writes the image, and says why the overlay is blank and what to try.
     */
    @Test
    void anEmptyMapIsExplainedNotShownBlankSilently() throws Exception {
        Conv2d conv = new Conv2d(1, 1, 1, 3L);
        Dense readout = new Dense(28 * 28, 10, 4L);
        try (GradMode.Guard g = GradMode.noGrad()) {
            conv.weight().copyFrom(Tensor.of(new float[]{1}, 1, 1, 1, 1));
            conv.bias().copyFrom(Tensor.of(new float[]{0.5f}, 1));
            readout.parameters().get("weight").copyFrom(Tensor.zeros(10, 28 * 28).sub(1));
        }
        Path negative = dir.resolve("negative");
        Checkpoint.save(negative, new Sequential(conv, new ReLU(), new Flatten(), readout), null, null, Map.of());
        Path png = dir.resolve("negative.png");

        Result r = neurite("gradcam", "--model", negative.toString(), "--image", "0", "--out", png.toString());

        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertTrue(r.out().contains("note:      the Grad-CAM map is empty: at layer 1 (relu) no location has positive evidence"),
                r.toString());
        assertTrue(r.out().contains("try --occlusion or --layer 0 (the convolution before it"), r.toString());
        readPng(png);
    }
}
