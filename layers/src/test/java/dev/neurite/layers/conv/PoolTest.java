package dev.neurite.layers.conv;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.backend.Kernels;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Registry;
import dev.neurite.layers.FiniteDifference;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PoolTest {

    private static Tensor grid(float... values) {
        return Tensor.of(values, 1, 1, 4, 4);
    }

    @Test
    void maxPoolTwoByTwo() {
        Tensor x = grid(1, 1, 2, 4, 5, 6, 7, 8, 3, 2, 1, 0, 1, 2, 3, 4);
        BothPaths.assertOutput(() -> new MaxPool2d(2).forward(x), new long[]{1, 1, 2, 2}, new double[]{6, 8, 3, 4}, 0);
    }

    @Test
    void maxAndAveragePoolOfOneGrid() {
        Tensor x = grid(3, 1, 3, 5, 6, 0, 7, 9, 3, 2, 1, 4, 0, 2, 4, 3);
        BothPaths.assertOutput(() -> new MaxPool2d(2).forward(x), new long[]{1, 1, 2, 2}, new double[]{6, 9, 3, 4}, 0);
        BothPaths.assertOutput(() -> new AvgPool2d(2).forward(x), new long[]{1, 1, 2, 2},
                new double[]{2.5, 6, 1.75, 3}, 1e-6);
    }

    /** ceil_mode keeps the partial last window: 5x5 at 2x2/2 gives 3x3 instead of 2x2, for max and average. */
    @Test
    void ceilModeKeepsThePartialLastWindow() {
        Tensor x = Tensor.arange(0, 25, 1, DType.FLOAT32).reshape(1, 1, 5, 5);
        int[] two = {2, 2};
        int[] zero = {0, 0};
        BothPaths.assertOutput(() -> new MaxPool2d(two, two, zero, true).forward(x), new long[]{1, 1, 3, 3},
                new double[]{6, 8, 9, 16, 18, 19, 21, 23, 24}, 0);
        // The partial windows divide by the elements they hold (no padding to count): (4+9)/2, (20+21)/2, 24/1.
        BothPaths.assertOutput(() -> new AvgPool2d(two, two, zero, true, true).forward(x), new long[]{1, 1, 3, 3},
                new double[]{3, 5, 6.5, 13, 15, 16.5, 20.5, 22.5, 24}, 1e-6);
        assertEquals(Shape.of(1, 1, 2, 2), new MaxPool2d(2).forward(x).shape());
    }

    /** count_include_pad=False divides by the real elements: ones stay ones; with it, borders shrink. */
    @Test
    void countIncludePadFalseDividesByTheRealElements() {
        Tensor ones = Tensor.of(new float[9], 1, 1, 3, 3).add(1);
        int[] three = {3, 3};
        int[] one = {1, 1};
        BothPaths.assertOutput(() -> new AvgPool2d(three, one, one, false, false).forward(ones), new long[]{1, 1, 3, 3},
                new double[]{1, 1, 1, 1, 1, 1, 1, 1, 1}, 1e-6);
        BothPaths.assertOutput(() -> new AvgPool2d(three, one, one, false, true).forward(ones), new long[]{1, 1, 3, 3},
                new double[]{4 / 9.0, 6 / 9.0, 4 / 9.0, 6 / 9.0, 1, 6 / 9.0, 4 / 9.0, 6 / 9.0, 4 / 9.0}, 1e-6);
        Layer copy = Registry.global().layer(Registry.global().spec(new AvgPool2d(three, one, one, true, false)));
        assertEquals(new AvgPool2d(three, one, one, true, false).config(), copy.config());
    }

    @Test
    void variantsPassTheGradientCheckInFloat64() {
        Tensor x = Tensor.random(Shape.of(1, 2, 5, 6), DType.FLOAT64, Distribution.NORMAL, 0, 1, 9).requiresGrad(true);
        int[] k = {3, 2};
        int[] s = {2, 2};
        int[] p = {1, 1};
        for (Layer layer : List.<Layer>of(new AvgPool2d(k, s, p, true, false), new AvgPool2d(k, s, p, false, false),
                new AvgPool2d(k, s, p, true, true), new MaxPool2d(k, s, p, true))) {
            Kernels.disabledWhile(() -> {
                FiniteDifference.assertGradients(() -> layer.forward(x), List.of(x), 1e-6, 1e-6);
                return null;
            });
            FiniteDifference.assertGradients(() -> layer.forward(x), List.of(x), 1e-6, 1e-6);
        }
    }

    @Test
    void averagePaddingCountsInTheDivisorAndMaxPaddingNeverWins() {
        Tensor x = Tensor.full(Shape.of(1, 1, 2, 2), -1, DType.FLOAT32);
        // Each 2x2 window with padding 1 covers one real element and three zeros of padding.
        BothPaths.assertOutput(() -> new AvgPool2d(2, 2, 1).forward(x), new long[]{1, 1, 2, 2},
                new double[]{-0.25, -0.25, -0.25, -0.25}, 1e-6);
        BothPaths.assertOutput(() -> new MaxPool2d(2, 2, 1).forward(x), new long[]{1, 1, 2, 2},
                new double[]{-1, -1, -1, -1}, 0);
    }

    @Test
    void fusedGradientsEqualThePrimitivePathsAutograd() {
        List<Layer> pools = List.of(new MaxPool2d(2), new MaxPool2d(3, 2, 1), new MaxPool2d(new int[]{2, 3}, new int[]{1, 2}, new int[]{1, 0}),
                new AvgPool2d(2), new AvgPool2d(3, 2, 1), new AvgPool2d(new int[]{3, 2}, new int[]{2, 1}, new int[]{1, 1}));
        for (Layer pool : pools) {
            // Random values have no ties, where the two paths may legitimately route a max gradient differently.
            Tensor x = Tensor.randn(Shape.of(2, 3, 7, 8), 11).requiresGrad(true);
            BothPaths.assertSameGradients(() -> pool.forward(x), List.of(x), 1e-5);
        }
    }

    @Test
    void primitivePathsPassTheGradientCheckInFloat64() {
        for (Layer pool : List.of(new MaxPool2d(3, 2, 1), new AvgPool2d(3, 2, 1), new GlobalAvgPool())) {
            Tensor x = Tensor.random(Shape.of(2, 2, 5, 6), DType.FLOAT64, Distribution.NORMAL, 0, 1, 3).requiresGrad(true);
            Kernels.disabledWhile(() -> {
                FiniteDifference.assertGradients(() -> pool.forward(x), List.of(x), 1e-6, 1e-6);
                return null;
            });
            FiniteDifference.assertGradients(() -> pool.forward(x), List.of(x), 1e-6, 1e-6);
        }
    }

    @Test
    void globalAveragePoolIsTheMeanOverHeightAndWidth() {
        Tensor x = Tensor.arange(0, 16, 1, DType.FLOAT32).reshape(2, 2, 2, 2);
        BothPaths.assertOutput(() -> new GlobalAvgPool().forward(x), new long[]{2, 2}, new double[]{1.5, 5.5, 9.5, 13.5}, 1e-6);
    }

    @Test
    void errorsNameTheLayerAndTheNumbers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MaxPool2d(3).forward(Tensor.zeros(1, 1, 2, 2)));
        assertEquals("max_pool2d: input 2x2 is smaller than the dilated kernel 3x3 with padding 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(2, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> new GlobalAvgPool().forward(Tensor.zeros(2, 3)));
    }

    @Test
    void configsRebuildTheSameLayers() {
        for (Layer pool : List.of(new MaxPool2d(3, 1, 1), new AvgPool2d(new int[]{2, 3}, new int[]{1, 2}, new int[]{1, 0}),
                new GlobalAvgPool())) {
            Layer copy = Registry.global().layer(Registry.global().spec(pool));
            assertEquals(pool.getClass(), copy.getClass());
            assertEquals(pool.config(), copy.config());
        }
        assertArrayEquals(new long[]{1, 1, 3, 3},
                new MaxPool2d(2, 1, 0).forward(Tensor.zeros(1, 1, 4, 4)).shape().toArray());
    }
}
