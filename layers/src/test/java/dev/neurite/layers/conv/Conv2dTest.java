package dev.neurite.layers.conv;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.backend.Kernels;
import dev.neurite.api.nn.Registry;
import dev.neurite.layers.FiniteDifference;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Conv2dTest {

    private static Conv2d conv(long in, long out, int k, boolean bias) {
        return new Conv2d(in, out, new int[]{k, k}, new int[]{1, 1}, new int[]{0, 0}, new int[]{1, 1}, 1, bias,
                DType.FLOAT32, 1);
    }

    @SuppressWarnings("try")
    private static void set(Tensor parameter, double... values) {
        try (GradMode.Guard g = GradMode.noGrad()) {
            parameter.copyFrom(Tensor.of(DType.FLOAT32, values, parameter.shape().toArray()));
        }
    }

    private static Tensor range(long... shape) {
        return Tensor.arange(0, Shape.of(shape).numel(), 1, DType.FLOAT32).reshape(shape);
    }

    @Test
    void oneChannelTwoByTwoKernel() {
        Conv2d c = conv(1, 1, 2, false);
        set(c.weight(), 0, 1, 2, 3);
        Tensor x = range(1, 1, 3, 3);
        BothPaths.assertOutput(() -> c.forward(x), new long[]{1, 1, 2, 2}, new double[]{19, 25, 37, 43}, 1e-5);
        Conv2d b = conv(1, 1, 2, true);
        set(b.weight(), 0, 1, 2, 3);
        set(b.bias(), 1);
        BothPaths.assertOutput(() -> b.forward(x), new long[]{1, 1, 2, 2}, new double[]{20, 26, 38, 44}, 1e-5);
    }

    @Test
    void twoInputChannelsAreSummed() {
        Conv2d c = conv(2, 1, 2, false);
        set(c.weight(), 0, 1, 2, 3, 1, 2, 3, 4);
        Tensor x = Tensor.of(new float[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 2, 3, 3);
        // Top-left: 19 from the first channel plus 37 from the second.
        BothPaths.assertOutput(() -> c.forward(x), new long[]{1, 1, 2, 2}, new double[]{56, 72, 104, 120}, 1e-5);
    }

    @Test
    void verticalEdgeDetector() {
        Conv2d c = conv(1, 1, 3, false);
        set(c.weight(), 1, 0, -1, 1, 0, -1, 1, 0, -1);
        Tensor x = Tensor.of(new float[]{
                4, 9, 2, 5, 8, 3,
                5, 6, 2, 4, 0, 3,
                2, 4, 5, 4, 5, 2,
                5, 6, 5, 4, 7, 8,
                5, 7, 7, 9, 2, 1,
                5, 8, 5, 3, 8, 4}, 1, 1, 6, 6);
        BothPaths.assertOutput(() -> c.forward(x), new long[]{1, 1, 4, 4}, new double[]{
                2, 6, -4, 5,
                0, 4, 0, -1,
                -5, 0, 3, 6,
                -2, 5, 0, 3}, 1e-5);
    }

    @Test
    void outputSizesAndParameterCounts() {
        Conv2d strided = new Conv2d(1, 1, 3, 2, 1, new Generator(1));
        Tensor x = Tensor.randn(Shape.of(1, 1, 9, 13), 1);
        assertEquals(Shape.of(1, 1, 5, 7), strided.forward(x).shape());
        assertEquals(Shape.of(1, 1, 5, 7), Kernels.disabledWhile(() -> strided.forward(x)).shape());

        assertEquals(34_944, parameterCount(new Conv2d(3, 96, 11, 4, 0, new Generator(2))));
        Conv2d small = new Conv2d(3, 10, 5, 1, 2, new Generator(3));
        assertEquals(760, parameterCount(small));
        Tensor image = Tensor.randn(Shape.of(1, 3, 32, 32), 2);
        assertEquals(Shape.of(1, 10, 32, 32), small.forward(image).shape());
        assertEquals(Shape.of(1, 10, 32, 32), Kernels.disabledWhile(() -> small.forward(image)).shape());
    }

    /** CURRICULUM.md: N = 7, F = 3: stride 1 gives 5, stride 2 gives 3, stride 3 is illegal (2.33), and is said to be. */
    @Test
    void sevenByThreeAtStrideThreeIsIllegalAndTheMessageSaysWhy() {
        assertEquals(5, ConvArithmetic.exactOutputSize(7, 3, 1, 0));
        assertEquals(3, ConvArithmetic.exactOutputSize(7, 3, 2, 0));
        assertEquals(5, ConvArithmetic.exactOutputSize(9, 3, 2, 2));
        assertEquals(7, ConvArithmetic.exactOutputSize(13, 3, 2, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConvArithmetic.exactOutputSize(7, 3, 3, 0));
        assertEquals("conv arithmetic: input 7, kernel 3, stride 3, padding 0: (7 - 3 + 0) / 3 + 1 = 2.33 is not a whole "
                + "number, so these hyperparameters are illegal: the windows do not tile the input (the layers floor it "
                + "to 2 and ignore the last 1 row(s) or column(s))", e.getMessage());
        // The layers themselves floor, as PyTorch does: a 3x3 kernel at stride 3 on 7x7 gives 2x2.
        assertEquals(2, ConvArithmetic.outputSize(7, 3, 3, 0));
        Conv2d c = new Conv2d(1, 1, 3, 3, 0, new Generator(1));
        assertEquals(Shape.of(1, 1, 2, 2), c.forward(Tensor.zeros(1, 1, 7, 7)).shape());
        assertThrows(IllegalArgumentException.class, () -> ConvArithmetic.outputSize(2, 3, 1, 0));
    }

    /** TensorFlow's "same" at stride 2: output ceil(n / 2), the odd padding row/column at the bottom/right. */
    @Test
    void samePaddingAtStrideTwoIsTensorFlows() {
        assertArrayEquals(new long[]{0, 1}, Conv2d.samePadding(8, 3, 2, 1));
        assertArrayEquals(new long[]{1, 1}, Conv2d.samePadding(7, 3, 2, 1));
        assertArrayEquals(new long[]{0, 1}, Conv2d.samePadding(5, 2, 1, 1));
        assertArrayEquals(new long[]{0, 0}, Conv2d.samePadding(9, 3, 3, 1));
        Conv2d c = new Conv2d(1, 1, 3, 2, "same", new Generator(1));
        assertTrue(c.isSamePadding());
        assertEquals(Shape.of(1, 1, 4, 4), c.forward(Tensor.zeros(1, 1, 8, 8)).shape());
        assertEquals(Shape.of(1, 1, 4, 3), c.forward(Tensor.zeros(1, 1, 7, 6)).shape());
        // An all-ones 8x8 input and kernel: with no padding on top/left and one row/column of zeros at the
        // bottom/right, the last window row and column sum 6 ones, the corner 4, every other window 9.
        try (GradMode.Guard g = GradMode.noGrad()) {
            c.weight().copyFrom(Tensor.of(new float[]{1, 1, 1, 1, 1, 1, 1, 1, 1}, 1, 1, 3, 3));
            c.bias().copyFrom(Tensor.of(new float[]{0}, 1));
        }
        Tensor ones = Tensor.of(new float[64], 1, 1, 8, 8).add(1);
        BothPaths.assertOutput(() -> c.forward(ones), new long[]{1, 1, 4, 4},
                new double[]{9, 9, 9, 6, 9, 9, 9, 6, 9, 9, 9, 6, 6, 6, 6, 4}, 1e-5);
        Conv2d copy = (Conv2d) Registry.global().layer(Registry.global().spec(c));
        assertTrue(copy.isSamePadding());
        assertEquals(c.config(), copy.config());
    }

    private static long parameterCount(Conv2d c) {
        return c.parameters().values().stream().mapToLong(Tensor::numel).sum();
    }

    /** stride, padding, dilation, groups, bias, kernel. */
    private static final int[][] VARIANTS = {
            {1, 0, 1, 1, 1, 3, 3},
            {2, 1, 1, 1, 1, 3, 3},
            {1, 2, 2, 1, 0, 3, 2},
            {3, 1, 1, 1, 1, 2, 4},
            {1, 1, 1, 3, 1, 3, 3},
            {2, 0, 1, 3, 0, 1, 1},
            {1, 1, 2, 3, 1, 3, 3},
    };

    @Test
    void fusedGradientsEqualThePrimitivePathsAutograd() {
        for (int[] v : VARIANTS) {
            Conv2d c = new Conv2d(3, 6, new int[]{v[5], v[6]}, new int[]{v[0], v[0] == 3 ? 1 : v[0]},
                    new int[]{v[1], v[1] == 2 ? 0 : v[1]}, new int[]{v[2], 1}, v[3], v[4] == 1, DType.FLOAT32, 7);
            Tensor x = Tensor.randn(Shape.of(2, 3, 9, 8), 5).requiresGrad(true);
            List<Tensor> leaves = new ArrayList<>(List.of(x));
            leaves.addAll(c.parameters().values());
            BothPaths.assertSameGradients(() -> c.forward(x), leaves, 1e-4);
        }
    }

    @Test
    void primitiveAndFusedPathsPassTheGradientCheckInFloat64() {
        for (int[] v : new int[][]{{1, 1, 1, 1}, {2, 0, 2, 2}}) {
            Conv2d c = new Conv2d(2, 2, new int[]{2, 3}, new int[]{v[0], 1}, new int[]{v[1], 1}, new int[]{v[2], 1},
                    v[3], true, DType.FLOAT64, 3);
            Tensor x = Tensor.random(Shape.of(2, 2, 5, 4), DType.FLOAT64, Distribution.NORMAL, 0, 1, 4).requiresGrad(true);
            List<Tensor> leaves = new ArrayList<>(List.of(x));
            leaves.addAll(c.parameters().values());
            Kernels.disabledWhile(() -> {
                FiniteDifference.assertGradients(() -> c.forward(x), leaves, 1e-6, 1e-6);
                return null;
            });
            FiniteDifference.assertGradients(() -> c.forward(x), leaves, 1e-6, 1e-6);
        }
    }

    @Test
    void defaultInitIsPyTorchsUniformOverFanIn() {
        Conv2d c = new Conv2d(16, 64, new int[]{3, 3}, new int[]{1, 1}, new int[]{1, 1}, new int[]{1, 1}, 4, true,
                DType.FLOAT32, 5);
        double bound = 1 / Math.sqrt(16 / 4 * 9);
        for (Tensor p : c.parameters().values()) {
            double max = java.util.Arrays.stream(p.toDoubleArray()).map(Math::abs).max().orElseThrow();
            assertTrue(max <= bound && max > 0.8 * bound, "max |w| " + max + " vs bound " + bound);
        }
        assertEquals(Shape.of(64, 4, 3, 3), c.weight().shape());
    }

    @Test
    void samePaddingKeepsTheSize() {
        int[] p = Conv2d.samePadding(new int[]{5, 3}, new int[]{1, 2});
        assertArrayEquals(new int[]{2, 2}, p);
        Conv2d c = new Conv2d(1, 2, new int[]{5, 3}, new int[]{1, 1}, p, new int[]{1, 2}, 1, true, DType.FLOAT32, 1);
        assertEquals(Shape.of(1, 2, 7, 6), c.forward(Tensor.zeros(1, 1, 7, 6)).shape());
        assertThrows(IllegalArgumentException.class, () -> Conv2d.samePadding(new int[]{2, 2}, new int[]{1, 1}));
        assertEquals(Shape.of(1, 1, 7, 6), new Conv2d(1, 1, 3, "same", new Generator(1)).forward(Tensor.zeros(1, 1, 7, 6)).shape());
        assertEquals(Shape.of(1, 1, 5, 4), new Conv2d(1, 1, 3, "valid", new Generator(1)).forward(Tensor.zeros(1, 1, 7, 6)).shape());
    }

    @Test
    void errorsNameTheLayerAndTheNumbers() {
        Conv2d c = conv(1, 1, 3, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.forward(Tensor.zeros(1, 1, 2, 2)));
        assertEquals("conv2d: input 2x2 is smaller than the dilated kernel 3x3 with padding 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.forward(Tensor.zeros(1, 2, 5, 5)));
        assertTrue(e.getMessage().contains("conv2d") && e.getMessage().contains("[1, 2, 5, 5]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, new int[]{3, 3}, new int[]{1, 1},
                new int[]{0, 0}, new int[]{1, 1}, 2, true, DType.FLOAT32, 1));
    }

    @Test
    void configRebuildsTheSameLayer() {
        Conv2d c = new Conv2d(4, 6, new int[]{3, 2}, new int[]{2, 1}, new int[]{1, 0}, new int[]{1, 2}, 2, false,
                DType.FLOAT64, 9);
        Conv2d copy = (Conv2d) Registry.global().layer(Registry.global().spec(c));
        assertEquals(c.config(), copy.config());
        assertArrayEquals(c.weight().toDoubleArray(), copy.weight().toDoubleArray());
        assertEquals(1, copy.parameters().size());
    }
}
