package dev.neurite.layers.vision;

import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.nn.Sequential;
import dev.neurite.layers.activation.ReLU;
import dev.neurite.layers.conv.Conv2d;
import dev.neurite.layers.conv.GlobalAvgPool;
import dev.neurite.layers.conv.MaxPool2d;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.core.Flatten;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Grad-CAM and occlusion on a hand-built classifier whose answer is known: a 1x1 convolution with two channels,
 * one seeing bright pixels (weight +1) and one dark pixels (weight -1), ReLU, 2x2 max pooling and a global average,
 * so class 0's score is the amount of bright ink and class 1's the amount of dark ink. The image has a bright
 * 2x2 square in the top-left corner and a dark one in the bottom-right.
 */
class VisionTest {
    private static final int SIDE = 8;

    private static Sequential model() {
        Conv2d conv = new Conv2d(1, 2, 1, 7L);
        try (GradMode.Guard g = GradMode.noGrad()) {
            conv.weight().copyFrom(Tensor.of(new float[]{1, -1}, 2, 1, 1, 1));
            conv.bias().copyFrom(Tensor.zeros(2));
        }
        return new Sequential(conv, new ReLU(), new MaxPool2d(2), new GlobalAvgPool());
    }

    private static float[] pixels() {
        float[] p = new float[SIDE * SIDE];
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 2; c++) {
                p[r * SIDE + c] = 1;
                p[(SIDE - 1 - r) * SIDE + SIDE - 1 - c] = -1;
            }
        }
        return p;
    }

    private static Tensor image() {
        return Tensor.of(pixels(), 1, 1, SIDE, SIDE);
    }

    private static int[] argmax(double[][] map) {
        int[] best = {0, 0};
        for (int r = 0; r < map.length; r++) {
            for (int c = 0; c < map[r].length; c++) {
                if (map[r][c] > map[best[0]][best[1]]) {
                    best = new int[]{r, c};
                }
            }
        }
        return best;
    }

    @Test
    void gradCamOnTheConvLayerIsExactlyTheEvidenceSquare() {
        Sequential model = model();
        double[][] bright = GradCam.heatmap(model, 0, image(), 0);
        double[][] dark = GradCam.heatmap(model, 0, image(), 1);
        assertEquals(SIDE, bright.length);
        for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
                assertEquals(r < 2 && c < 2 ? 1 : 0, bright[r][c], 1e-6, "class 0 at " + r + "," + c);
                assertEquals(r >= SIDE - 2 && c >= SIDE - 2 ? 1 : 0, dark[r][c], 1e-6, "class 1 at " + r + "," + c);
            }
        }
    }

    /**
     * A class whose score falls as the activations rise (a negative readout after ReLU) has no positive evidence
     * anywhere: the weighted sum is negative at every location, ReLU leaves nothing, and the result says so.
     */
    @Test
    void gradCamSaysWhenNoLocationSpeaksForTheClass() {
        Conv2d conv = new Conv2d(1, 1, 1, 7L);
        Dense readout = new Dense(SIDE * SIDE, 2, 8L);
        float[] w = new float[2 * SIDE * SIDE];
        for (int i = 0; i < SIDE * SIDE; i++) {
            w[i] = -1;
            w[SIDE * SIDE + i] = 1;
        }
        try (GradMode.Guard g = GradMode.noGrad()) {
            conv.weight().copyFrom(Tensor.of(new float[]{1}, 1, 1, 1, 1));
            conv.bias().copyFrom(Tensor.of(new float[]{0.5f}, 1));
            readout.parameters().get("weight").copyFrom(Tensor.of(w, 2, SIDE * SIDE));
        }
        Sequential model = new Sequential(conv, new ReLU(), new Flatten(), readout);
        GradCam.Result against = GradCam.explain(model, 1, image(), 0);
        assertTrue(against.empty());
        assertTrue(against.peak() <= 0, "peak " + against.peak());
        for (double[] row : against.map()) {
            for (double v : row) {
                assertEquals(0, v);
            }
        }
        GradCam.Result forIt = GradCam.explain(model, 1, image(), 1);
        assertFalse(forIt.empty());
        assertEquals(1, forIt.map()[0][0], 1e-9, "the bright square has the most evidence");
    }

    @Test
    void gradCamOnThePooledMapIsUpsampledAndPeaksInTheRightCorner() {
        Sequential model = model();
        double[][] bright = GradCam.heatmap(model, 2, image(), 0);
        assertEquals(SIDE, bright.length);
        assertEquals(SIDE, bright[0].length);
        assertArrayEquals(new int[]{0, 0}, argmax(bright));
        assertEquals(1, bright[0][0], 1e-9);
        for (int r = SIDE / 2; r < SIDE; r++) {
            for (int c = SIDE / 2; c < SIDE; c++) {
                assertEquals(0, bright[r][c], 1e-9, "no class-0 evidence in the bottom-right quadrant");
            }
        }
        assertArrayEquals(new int[]{SIDE - 1, SIDE - 1}, argmax(GradCam.heatmap(model, 2, image(), 1)));
    }

    @Test
    void gradCamLeavesParameterGradientsAndModeAsTheyWere() {
        Sequential model = model();
        model.train(true);
        GradCam.heatmap(model, 0, image(), 0);
        model.parameters().values().forEach(p -> assertNull(p.grad()));
        assertTrue(model.isTraining());
    }

    @Test
    void gradCamRejectsALayerThatIsNotAFeatureMapAndBadIndices() {
        Sequential model = model();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradCam.heatmap(model, 3, image(), 0));
        assertTrue(e.getMessage().contains("feature map"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GradCam.heatmap(model, 4, image(), 0));
        assertThrows(IllegalArgumentException.class, () -> GradCam.heatmap(model, 0, image(), 2));
        assertThrows(IllegalArgumentException.class, () -> GradCam.heatmap(model, 0, Tensor.zeros(2, 1, SIDE, SIDE), 0));
    }

    @Test
    void upsamplingIsBilinearAtPixelCentres() {
        double[][] up = GradCam.upsample(new double[][]{{0, 1}}, 1, 4);
        assertArrayEquals(new double[]{0, 0.25, 0.75, 1}, up[0], 1e-12);
    }

    @Test
    void occlusionHurtsClassZeroOnlyWhereItsEvidenceIs() {
        double[][] drop = Occlusion.sensitivity(model(), image(), 0, 2, 2, 0);
        for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
                if (r < 2 && c < 2) {
                    assertTrue(drop[r][c] > 0.01, "hiding the bright square lowers class 0: " + drop[r][c]);
                } else if (r >= SIDE - 2 && c >= SIDE - 2) {
                    assertTrue(drop[r][c] < -0.01, "hiding the dark square raises class 0: " + drop[r][c]);
                } else {
                    assertEquals(0, drop[r][c], 1e-6, "elsewhere nothing changes, at " + r + "," + c);
                }
            }
        }
        // logits 1/16 and 1/16 -> 0 and 1/16 when the bright square is hidden
        double expected = 0.5 - 1 / (1 + Math.exp(1.0 / 16));
        assertEquals(expected, drop[0][0], 1e-6);
        double[][] positive = Occlusion.positiveNormalised(drop);
        assertEquals(1, positive[0][0], 1e-12);
        assertEquals(0, positive[SIDE - 1][SIDE - 1], 1e-12);
    }

    @Test
    void occlusionWithOverlappingPatchesCoversEveryPixel() {
        double[][] drop = Occlusion.sensitivity(model(), image(), 0, 3, 2, 0); // positions 0, 2, 4, 5
        assertArrayEquals(new int[]{0, 0}, argmax(drop));
        assertThrows(IllegalArgumentException.class, () -> Occlusion.sensitivity(model(), image(), 0, 9, 1));
    }

    @Test
    void pngHasTheScaledSizeIsDecodableAndRedWhereItIsHot(@TempDir Path dir) throws Exception {
        double[][] heat = GradCam.heatmap(model(), 0, image(), 0);
        Path png = dir.resolve("sub").resolve("cam.png");
        HeatmapPng.write(png, pixels(), SIDE, SIDE, heat);
        BufferedImage read = ImageIO.read(png.toFile());
        assertNotNull(read, "ImageIO decodes it");
        assertEquals(SIDE * HeatmapPng.SCALE, read.getWidth());
        assertEquals(SIDE * HeatmapPng.SCALE, read.getHeight());
        int hot = read.getRGB(3, 3);
        int cold = read.getRGB(4 * HeatmapPng.SCALE + 3, 3);
        assertTrue(((hot >> 16) & 0xff) > ((hot >> 8) & 0xff) + 40 && ((hot >> 16) & 0xff) > (hot & 0xff) + 40,
                "hot is red: " + Integer.toHexString(hot));
        assertTrue((cold & 0xff) > ((cold >> 16) & 0xff), "cold is blue: " + Integer.toHexString(cold));
        try (Stream<Path> files = Files.list(png.getParent())) {
            assertEquals(1, files.count(), "no temp file left behind");
        }
        assertThrows(IllegalArgumentException.class, () -> HeatmapPng.write(png, new float[3], SIDE, SIDE, heat));
    }
}
