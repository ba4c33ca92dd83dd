package dev.neurite.api.train;

import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.data.Crop;
import dev.neurite.api.data.ImageView;
import dev.neurite.api.data.TenCrop;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ten-crop coordinates (as torchvision 0.14's ten_crop cuts them), crop views and the averaging of softmax outputs. */
class TestTimeAugmentationTest {
    /** A linear classifier of flattened images; {@code symmetric} sums each image with its mirror image first. */
    private static final class Linear extends AbstractLayer {
        private final Tensor weight;
        private final boolean symmetric;

        Linear(int inputs, int classes, boolean symmetric, long seed) {
            this.weight = addParameter("weight", Tensor.randn(Shape.of(inputs, classes), seed));
            this.symmetric = symmetric;
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor in = symmetric ? x.add(ImageView.horizontalFlip().apply(x)) : x;
            return in.flatten(1).matmul(weight);
        }

        @Override
        public String typeId() {
            return "test_linear";
        }

        @Override
        public Config config() {
            return Config.empty();
        }
    }

    /** {@code b} images {@code [c, h, w]} numbered 1, 2, ... row by row. */
    private static Tensor numbered(int b, int c, int h, int w) {
        float[] v = new float[b * c * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = i + 1;
        }
        return Tensor.of(v, b, c, h, w);
    }

    private static Tensor randomImages(int b, int c, int h, int w, long seed) {
        return Tensor.rand(Shape.of(b, c, h, w), seed);
    }

    @Test
    void tenCropCoordinatesAreTorchvisions() {
        // 5x6 images, 3x3 crops: bottom row 2, right column 3, centre at round(1) = 1 and round(1.5) = 2.
        assertEquals(List.of(
                new Crop(0, 0, 3, 3, false), new Crop(0, 3, 3, 3, false), new Crop(2, 0, 3, 3, false),
                new Crop(2, 3, 3, 3, false), new Crop(1, 2, 3, 3, false),
                // the mirrored image's crops: its column c is the original's W - c - 3
                new Crop(0, 3, 3, 3, true), new Crop(0, 0, 3, 3, true), new Crop(2, 3, 3, 3, true),
                new Crop(2, 0, 3, 3, true), new Crop(1, 1, 3, 3, true)), TenCrop.tenCrop(5, 6, 3));
        // Python rounds halves to even: (8 - 3) / 2 = 2.5 starts the centre crop at 2, not 3.
        assertEquals(new Crop(2, 2, 3, 3, false), TenCrop.fiveCrop(8, 8, 3).get(4));
        assertEquals(new Crop(0, 0, 4, 4, false), TenCrop.fiveCrop(4, 4, 4).get(4));
    }

    @Test
    void cropViewsCutAndMirrorTheWindow() {
        Tensor img = numbered(1, 1, 5, 6); // row r holds 6r + 1 .. 6r + 6
        List<Crop> crops = TenCrop.tenCrop(5, 6, 3);
        // torchvision: ten_crop(arange(1, 31).reshape(1, 5, 6), 3)[4] and [9]
        assertArrayEquals(new float[]{9, 10, 11, 15, 16, 17, 21, 22, 23}, crops.get(4).apply(img).toFloatArray());
        assertArrayEquals(new float[]{10, 9, 8, 16, 15, 14, 22, 21, 20}, crops.get(9).apply(img).toFloatArray());
        assertArrayEquals(new float[]{6, 5, 4, 12, 11, 10, 18, 17, 16}, crops.get(5).apply(img).toFloatArray());
        assertEquals(Shape.of(1, 1, 3, 3), crops.get(0).apply(img).shape());
        Tensor padded = ImageView.pad(1).andThen(new Crop(0, 0, 2, 2, false)).andThen(ImageView.padTo(3, 4))
                .apply(numbered(1, 1, 2, 2));
        // pad(1) -> [[0 0 0 0] [0 1 2 0] ...]; its top-left 2x2 is 0 0 / 0 1; centred in 3x4 (the odd row below):
        // columns 1-2 of rows 0-1
        assertArrayEquals(new float[]{0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0}, padded.toFloatArray());
    }

    @Test
    void theAverageIsTheMeanOfTheTenForwardPassesSoftmax() {
        Linear model = new Linear(3 * 6 * 6, 4, false, 1);
        TestTimeAugmentation tta = TestTimeAugmentation.tenCrop(model, 6, 6, 4, 0);
        Tensor x = randomImages(3, 3, 6, 6, 2);
        double[] expected = new double[3 * 4];
        for (Crop c : TenCrop.tenCrop(6, 6, 4)) {
            double[] p = model.forward(ImageView.padTo(6, 6).apply(c.apply(x))).softmax(1).toDoubleArray();
            for (int i = 0; i < p.length; i++) {
                expected[i] += p[i] / 10;
            }
        }
        double[] probabilities = tta.probabilities(x).toDoubleArray();
        assertArrayEquals(expected, probabilities, 1e-6);
        double[] fromLogits = tta.forward(x).softmax(1).toDoubleArray();
        assertArrayEquals(expected, fromLogits, 1e-6, "the log of the average maps back to it under softmax");
        try (GradMode.Guard g = GradMode.noGrad()) {
            assertArrayEquals(probabilities, tta.probabilities(x).toDoubleArray(), 1e-7, "the same without gradients");
        }
        double single = model.forward(x).softmax(1).toDoubleArray()[0];
        assertTrue(Math.abs(single - probabilities[0]) > 1e-4, "the views differ from the plain image");
    }

    @Test
    void aModelInvariantToMirroringGetsOnePassesResult() {
        Linear model = new Linear(2 * 5 * 5, 3, true, 3);
        Tensor x = randomImages(4, 2, 5, 5, 4);
        double[] once = model.forward(x).softmax(1).toDoubleArray();
        assertArrayEquals(once, TestTimeAugmentation.horizontalFlips(model).probabilities(x).toDoubleArray(), 1e-6);
        // full-size crops without padding are the image itself, five times, and its mirror image five times
        assertArrayEquals(once, TestTimeAugmentation.tenCrop(model, 5, 5, 5, 0).probabilities(x).toDoubleArray(), 1e-6);
    }

    @Test
    void paddingMakesFullSizeCropsShiftedCopies() {
        TestTimeAugmentation tta = TestTimeAugmentation.tenCrop(new Linear(4, 2, false, 1), 2, 2, 2, 1);
        List<ImageView> views = tta.views();
        assertEquals(10, views.size());
        Tensor img = numbered(1, 1, 2, 2); // 1 2 / 3 4 padded by 1 to 4x4, top-left 2x2: 0 0 / 0 1
        assertArrayEquals(new float[]{0, 0, 0, 1}, views.get(0).apply(img).toFloatArray());
        assertArrayEquals(new float[]{4, 0, 0, 0}, views.get(3).apply(img).toFloatArray());
        assertArrayEquals(new float[]{1, 2, 3, 4}, views.get(4).apply(img).toFloatArray(), "centre: the image");
        assertArrayEquals(new float[]{2, 1, 4, 3}, views.get(9).apply(img).toFloatArray(), "mirrored centre");
        assertEquals(tta.model().parameters().values().iterator().next(), tta.parameters().get("model.weight"));
    }

    @Test
    void badViewsAndOutputsAreRefusedWithShapes() {
        Linear model = new Linear(4, 2, false, 1);
        assertThrows(IllegalArgumentException.class, () -> new TestTimeAugmentation(model, List.of()));
        assertThrows(IllegalArgumentException.class, () -> TenCrop.tenCrop(4, 4, 5));
        assertThrows(IllegalArgumentException.class, () -> TestTimeAugmentation.tenCrop(model, 4, 4, 3, -1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Crop(1, 1, 4, 4, false).apply(numbered(1, 1, 4, 4)));
        assertTrue(e.getMessage().contains("[1, 1, 4, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ImageView.horizontalFlip().apply(Tensor.zeros(2, 3)));
        assertTrue(e.getMessage().contains("[B, C, H, W]"), e.getMessage());
    }
}
