package dev.neurite.api.data;

import dev.neurite.api.Generator;
import dev.neurite.api.Shape;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RandomCrop, RandomHorizontalFlip and Compose on small known images, and through the DataLoader. */
class AugmentationTest {
    /** {@code n} images [c, h, w] whose pixel values are 1 + their flat index (so none is zero). */
    private static BatchArrays numbered(int n, int c, int h, int w) {
        float[] f = new float[n * c * h * w];
        for (int i = 0; i < f.length; i++) {
            f[i] = i + 1;
        }
        return new BatchArrays(f, new long[n], n, Shape.of(c, h, w));
    }

    @Test
    void flipWithProbabilityOneMirrorsEveryRowOfEveryChannel() {
        BatchArrays b = numbered(2, 2, 2, 3);
        new RandomHorizontalFlip(1).apply(b, new Generator(1));
        assertArrayEquals(new float[]{
                3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10,
                15, 14, 13, 18, 17, 16, 21, 20, 19, 24, 23, 22}, b.features());
    }

    @Test
    void flipWithProbabilityZeroChangesNothing() {
        BatchArrays b = numbered(3, 1, 2, 2);
        float[] before = b.features().clone();
        new RandomHorizontalFlip(0).apply(b, new Generator(1));
        assertArrayEquals(before, b.features());
    }

    @Test
    void flipDecidesPerImageFromTheGenerator() {
        int n = 200;
        BatchArrays b = numbered(n, 1, 1, 2);
        new RandomHorizontalFlip().apply(b, new Generator(7));
        Generator replay = new Generator(7);
        int flipped = 0;
        for (int i = 0; i < n; i++) {
            boolean flip = replay.nextDouble() < 0.5;
            float a = 2 * i + 1;
            float[] expected = flip ? new float[]{a + 1, a} : new float[]{a, a + 1};
            assertArrayEquals(expected, new float[]{b.features()[2 * i], b.features()[2 * i + 1]}, "image " + i);
            flipped += flip ? 1 : 0;
        }
        assertTrue(flipped > 70 && flipped < 130, "about half flipped: " + flipped);
    }

    @Test
    void cropShiftsByTheDrawnOffsetAndFillsWithZeros() {
        int n = 50;
        int c = 2;
        int s = 4;
        int pad = 2;
        BatchArrays b = numbered(n, c, s, s);
        float[] original = b.features().clone();
        new RandomCrop(s, pad).apply(b, new Generator(3));
        Generator replay = new Generator(3);
        List<String> offsets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int top = replay.nextInt(2 * pad + 1);
            int left = replay.nextInt(2 * pad + 1);
            assertTrue(top >= 0 && top <= 2 * pad && left >= 0 && left <= 2 * pad);
            offsets.add(top + "," + left);
            for (int ch = 0; ch < c; ch++) {
                for (int r = 0; r < s; r++) {
                    for (int col = 0; col < s; col++) {
                        // padded image row r + top is original row r + top - pad
                        int sr = r + top - pad;
                        int sc = col + left - pad;
                        float expected = sr < 0 || sr >= s || sc < 0 || sc >= s ? 0
                                : original[((i * c + ch) * s + sr) * s + sc];
                        assertEquals(expected, b.features()[((i * c + ch) * s + r) * s + col],
                                "image " + i + " channel " + ch + " at " + r + "," + col + " offset " + top + "," + left);
                    }
                }
            }
        }
        assertTrue(offsets.stream().distinct().count() > 10, "offsets vary: " + offsets);
    }

    @Test
    void cropOfAKnownImageAtAKnownOffset() {
        // A generator whose first two draws (top, left) out of 0..2 we know: find a seed giving top 0, left 2.
        long seed = 0;
        while (true) {
            Generator g = new Generator(seed);
            if (g.nextInt(3) == 0 && g.nextInt(3) == 2) {
                break;
            }
            seed++;
        }
        BatchArrays b = numbered(1, 1, 3, 3); // 1 2 3 / 4 5 6 / 7 8 9
        new RandomCrop(3, 1).apply(b, new Generator(seed));
        // top 0 = one row of zeros above; left 2 = shifted one column left, zeros on the right
        assertArrayEquals(new float[]{0, 0, 0, 2, 3, 0, 5, 6, 0}, b.features());
    }

    @Test
    void cropWithoutPaddingIsTheIdentity() {
        BatchArrays b = numbered(4, 3, 5, 5);
        float[] before = b.features().clone();
        new RandomCrop(5, 0).apply(b, new Generator(11));
        assertArrayEquals(before, b.features());
    }

    @Test
    void cropRejectsASizeOtherThanTheImagesAndNonImageExamples() {
        assertThrows(IllegalArgumentException.class, () -> new RandomCrop(3, 1).apply(numbered(1, 1, 4, 4), new Generator(1)));
        BatchArrays flat = new BatchArrays(new float[4], new long[2], 2, Shape.of(2));
        assertThrows(IllegalArgumentException.class, () -> new RandomHorizontalFlip().apply(flat, new Generator(1)));
        assertThrows(IllegalArgumentException.class, () -> new RandomCrop(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new RandomHorizontalFlip(1.5));
    }

    @Test
    void composeAppliesInOrder() {
        BatchArrays a = numbered(1, 1, 3, 3);
        new Compose(new RandomHorizontalFlip(1), new RandomCrop(3, 0)).apply(a, new Generator(1));
        assertArrayEquals(new float[]{3, 2, 1, 6, 5, 4, 9, 8, 7}, a.features());
    }

    private static float[] epochFeatures(long seed, int epoch, Transform t) {
        InMemoryDataset data = new InMemoryDataset(numbered(64, 1, 6, 6).features(), Shape.of(1, 6, 6), new long[64], 1);
        List<float[]> parts = new ArrayList<>();
        try (DataLoader loader = DataLoader.builder(data).batchSize(16).shuffle(seed).transform(t).build();
             Epoch<BatchArrays> e = loader.arrays(epoch)) {
            for (BatchArrays b : e) {
                parts.add(b.features().clone());
            }
        }
        float[] all = new float[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    @Test
    void throughTheLoaderAugmentationIsReproducibleForASeedAndVariesWithEpoch() {
        Transform t = new Compose(new RandomCrop(6, 2), new RandomHorizontalFlip());
        float[] first = epochFeatures(5, 0, t);
        assertArrayEquals(first, epochFeatures(5, 0, t), "same seed and epoch, same augmented batches");
        assertNotEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(epochFeatures(5, 1, t)));
        assertNotEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(epochFeatures(5, 0, null)),
                "the transform changed the data");
    }
}
