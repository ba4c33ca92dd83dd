package dev.neurite.layers.conv;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.backend.Kernels;
import dev.neurite.api.nn.Layer;
import dev.neurite.layers.FiniteDifference;
import dev.neurite.layers.optim.SGD;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Conv1d, ConvTranspose2d, Upsample, ZeroPad2d, Dropout2d and ResidualBlock beyond the PyTorch fixtures. */
class ConvExtrasTest {

    private static Tensor normal64(long... shape) {
        return Tensor.random(Shape.of(shape), DType.FLOAT64, Distribution.NORMAL, 0, 1, 17).requiresGrad(true);
    }

    private static List<Tensor> leaves(Tensor x, Layer layer) {
        List<Tensor> leaves = new ArrayList<>(List.of(x));
        leaves.addAll(layer.parameters().values());
        return leaves;
    }

    /** Float64 central differences on the primitive path and on the fused kernels. */
    private static void gradientCheck(Supplier<Tensor> f, List<Tensor> leaves) {
        Kernels.disabledWhile(() -> {
            FiniteDifference.assertGradients(f, leaves, 1e-6, 1e-6);
            return null;
        });
        FiniteDifference.assertGradients(f, leaves, 1e-6, 1e-6);
    }

    // ---------------------------------------------------------------- ConvTranspose2d

    @Test
    void convTransposeOutputSizeFollowsTheFormula() {
        // kernel, stride, padding, output padding, dilation
        int[][] variants = {{3, 1, 0, 0, 1}, {3, 2, 1, 1, 1}, {4, 2, 1, 0, 1}, {2, 3, 0, 2, 1}, {3, 1, 2, 0, 2},
                {5, 2, 3, 1, 1}, {1, 1, 0, 0, 1}};
        for (int[] v : variants) {
            ConvTranspose2d c = new ConvTranspose2d(2, 3, new int[]{v[0], v[0]}, new int[]{v[1], v[1]},
                    new int[]{v[2], v[2]}, new int[]{v[3], v[3]}, new int[]{v[4], v[4]}, true, DType.FLOAT32, 1);
            for (long h : new long[]{3, 4, 7}) {
                long expected = (h - 1) * v[1] - 2L * v[2] + (long) v[4] * (v[0] - 1) + v[3] + 1;
                assertEquals(expected, ConvTranspose2d.outputSize(h, v[0], v[1], v[2], v[3], v[4]));
                Tensor x = Tensor.randn(Shape.of(1, 2, h, 5), 3);
                long wo = (5 - 1) * v[1] - 2L * v[2] + (long) v[4] * (v[0] - 1) + v[3] + 1;
                assertEquals(Shape.of(1, 3, expected, wo), c.forward(x).shape());
                assertEquals(Shape.of(1, 3, expected, wo), Kernels.disabledWhile(() -> c.forward(x)).shape());
            }
        }
        // The DCGAN generator step: kernel 4, stride 2, padding 1 doubles the size.
        assertEquals(Shape.of(2, 8, 16, 16), new ConvTranspose2d(16, 8, new int[]{4, 4}, new int[]{2, 2}, new int[]{1, 1},
                new int[]{0, 0}, new int[]{1, 1}, false, DType.FLOAT32, 2).forward(Tensor.zeros(2, 16, 8, 8)).shape());
    }

    @Test
    void convTransposeRejectsImpossibleShapesNamingTheNumbers() {
        ConvTranspose2d c = new ConvTranspose2d(1, 1, 1, 1, 1, 0, true, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.forward(Tensor.zeros(1, 1, 1, 1)));
        assertEquals("conv_transpose2d: input 1x1 with kernel 1x1, stride [1, 1], padding [1, 1], output padding [0, 0]"
                + " and dilation [1, 1] gives an empty output -1x-1 ((H-1)*s - 2p + d(k-1) + op + 1)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ConvTranspose2d(1, 1, 3, 2, 1, 2, true, 1));
        assertTrue(e.getMessage().startsWith("conv_transpose2d: output padding [2, 2] must be smaller than the stride [2, 2]"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.forward(Tensor.zeros(1, 2, 3, 3)));
        assertTrue(e.getMessage().contains("conv_transpose2d") && e.getMessage().contains("[1, 2, 3, 3]"), e.getMessage());
    }

    /** A transposed convolution is the adjoint of the convolution with the same weight: <conv(x), y> = <x, convT(y)>. */
    @Test
    @SuppressWarnings("try")
    void convTransposeIsTheAdjointOfConv2d() {
        Conv2d conv = new Conv2d(3, 2, new int[]{3, 2}, new int[]{2, 3}, new int[]{1, 1}, new int[]{1, 2}, 1, false,
                DType.FLOAT64, 4);
        ConvTranspose2d transposed = new ConvTranspose2d(2, 3, new int[]{3, 2}, new int[]{2, 3}, new int[]{1, 1},
                new int[]{0, 0}, new int[]{1, 2}, false, DType.FLOAT64, 5);
        try (GradMode.Guard g = GradMode.noGrad()) {
            // Conv2d's weight is [out=2, in=3, kh, kw]; the transposed layer's is [in=2, out=3, kh, kw]: the same tensor.
            transposed.weight().copyFrom(conv.weight());
            Tensor x = Tensor.random(Shape.of(2, 3, 9, 10), DType.FLOAT64, Distribution.NORMAL, 0, 1, 6);
            Tensor cx = conv.forward(x);
            Tensor y = Tensor.random(cx.shape(), DType.FLOAT64, Distribution.NORMAL, 0, 1, 7);
            Tensor ty = transposed.forward(y);
            assertEquals(x.shape(), ty.shape());
            assertEquals(cx.mul(y).sum().item(), x.mul(ty).sum().item(), 1e-9);
        }
    }

    @Test
    void convTransposeGradientsMatchBetweenPathsAndFiniteDifferences() {
        int[][] variants = {{3, 2, 1, 1, 1}, {2, 3, 2, 0, 1}, {3, 1, 0, 0, 2}};
        for (int[] v : variants) {
            ConvTranspose2d c = new ConvTranspose2d(2, 3, new int[]{v[0], 2}, new int[]{v[1], 1}, new int[]{v[2], 0},
                    new int[]{v[3], 0}, new int[]{v[4], 1}, true, DType.FLOAT64, 8);
            Tensor x = normal64(2, 2, 3, 4);
            gradientCheck(() -> c.forward(x), leaves(x, c));
            ConvTranspose2d f = new ConvTranspose2d(2, 3, new int[]{v[0], 2}, new int[]{v[1], 1}, new int[]{v[2], 0},
                    new int[]{v[3], 0}, new int[]{v[4], 1}, true, DType.FLOAT32, 8);
            Tensor x32 = Tensor.randn(Shape.of(2, 2, 5, 4), 9).requiresGrad(true);
            BothPaths.assertSameGradients(() -> f.forward(x32), leaves(x32, f), 1e-4);
        }
    }

    // ---------------------------------------------------------------- Conv1d

    @Test
    void conv1dShapesGradientsAndErrors() {
        Conv1d c = new Conv1d(4, 6, 3, 2, 1, 2, 2, true, DType.FLOAT64, 3);
        Tensor x = normal64(2, 4, 9);
        assertEquals(Shape.of(2, 6, 4), c.forward(x).shape());
        assertEquals(Shape.of(6, 2, 3), c.weight().shape());
        gradientCheck(() -> c.forward(x), leaves(x, c));
        Conv1d f = new Conv1d(3, 5, 3, 1, 1, 1, 1, true, DType.FLOAT32, 3);
        Tensor x32 = Tensor.randn(Shape.of(2, 3, 10), 9).requiresGrad(true);
        BothPaths.assertSameGradients(() -> f.forward(x32), leaves(x32, f), 1e-4);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.forward(Tensor.zeros(2, 3, 10, 1)));
        assertTrue(e.getMessage().startsWith("conv1d: expected input [batch, 3, length]"), e.getMessage());
        Conv1d wide = new Conv1d(1, 1, 5, 1, 0, 1, 1, true, DType.FLOAT32, 1);
        e = assertThrows(IllegalArgumentException.class, () -> wide.forward(Tensor.zeros(1, 1, 4)));
        assertEquals("conv1d: input length 4 is smaller than the dilated kernel 5 with padding 0", e.getMessage());
    }

    // ---------------------------------------------------------------- Upsample

    @Test
    void upsampleNearestRepeatsAndBilinearInterpolates() {
        Tensor x = Tensor.of(new float[]{1, 2, 3, 4}, 1, 1, 2, 2);
        BothPaths.assertOutput(() -> new Upsample(2).forward(x), new long[]{1, 1, 4, 4},
                new double[]{1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, 0);
        // align_corners=False: output centres at source coordinates -0.25 (clamped to 0), 0.25, 0.75, 1.25.
        BothPaths.assertOutput(() -> new Upsample(2, "bilinear").forward(x.slice(2, 0, 1)), new long[]{1, 1, 2, 4},
                new double[]{1, 1.25, 1.75, 2, 1, 1.25, 1.75, 2}, 1e-6);
        assertThrows(IllegalArgumentException.class, () -> new Upsample(2, "bicubic"));
        assertThrows(IllegalArgumentException.class, () -> new Upsample(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Upsample(0.25).forward(Tensor.zeros(1, 1, 2, 2)));
        assertEquals("upsample: input 2x2 scaled by 0.25 gives an empty output 0x0", e.getMessage());
    }

    @Test
    void upsampleAndZeroPadPassTheGradientCheck() {
        for (Layer layer : List.of(new Upsample(2), new Upsample(1.5), new Upsample(2, "bilinear"),
                new Upsample(1.5, "bilinear"), new Upsample(3, Upsample.Mode.BILINEAR, true), new ZeroPad2d(1, 2, 0, 3),
                new ZeroPad2d(-1, 1, 2, -1))) {
            Tensor x = normal64(2, 2, 3, 4);
            gradientCheck(() -> layer.forward(x), List.of(x));
        }
    }

    // ---------------------------------------------------------------- ZeroPad2d

    @Test
    void zeroPadPadsAndCrops() {
        Tensor x = Tensor.of(new float[]{1, 2, 3, 4}, 1, 1, 2, 2);
        assertArrayEquals(new double[]{0, 1, 2, 0, 0, 0, 3, 4, 0, 0, 0, 0, 0, 0, 0},
                new ZeroPad2d(1, 2, 0, 1).forward(x).toDoubleArray());
        assertEquals(Shape.of(1, 1, 3, 5), new ZeroPad2d(1, 2, 0, 1).forward(x).shape());
        assertArrayEquals(new double[]{2, 0, 4, 0}, new ZeroPad2d(-1, 1, 0, 0).forward(x).toDoubleArray());
        assertEquals(Shape.of(3, 4, 4), new ZeroPad2d(1).forward(Tensor.zeros(3, 2, 2)).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ZeroPad2d(0, 0, -1, -1).forward(x));
        assertTrue(e.getMessage().startsWith("zero_pad2d: padding"), e.getMessage());
    }

    // ---------------------------------------------------------------- Dropout2d

    @Test
    void dropout2dDropsWholeChannelsAndScalesTheRest() {
        Dropout2d d = new Dropout2d(0.5, 3);
        Tensor y = d.forward(Tensor.ones(20, 30, 3, 4));
        double[] v = y.toDoubleArray();
        int dropped = 0;
        for (int ch = 0; ch < 600; ch++) {
            double first = v[ch * 12];
            assertTrue(first == 0 || first == 2, "value " + first);
            for (int i = 1; i < 12; i++) {
                assertEquals(first, v[ch * 12 + i], "channel " + ch + " is not dropped as a whole");
            }
            dropped += first == 0 ? 1 : 0;
        }
        assertEquals(300, dropped, 50);

        Tensor x = Tensor.randn(Shape.of(2, 3, 4, 4), 1);
        assertArrayEquals(new Dropout2d(0.3, 42).forward(x).toDoubleArray(), new Dropout2d(0.3, 42).forward(x).toDoubleArray());
        Dropout2d a = new Dropout2d(0.3, 42);
        assertFalse(java.util.Arrays.equals(a.forward(Tensor.ones(4, 8, 2, 2)).toDoubleArray(),
                a.forward(Tensor.ones(4, 8, 2, 2)).toDoubleArray()));
        d.eval();
        assertSame(x, d.forward(x));
        Tensor g = Tensor.ones(4, 8, 2, 2).requiresGrad(true);
        Tensor out = new Dropout2d(0.25, 5).forward(g);
        out.sum().backward();
        assertArrayEquals(out.toDoubleArray(), g.grad().toDoubleArray(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> new Dropout2d(1.5));
    }

    // ---------------------------------------------------------------- ResidualBlock

    @Test
    void residualBlockShapesAndShortcuts() {
        ResidualBlock same = new ResidualBlock(4, 1, 1);
        assertFalse(same.projects());
        assertEquals(Shape.of(2, 4, 8, 8), same.forward(Tensor.randn(Shape.of(2, 4, 8, 8), 1)).shape());
        ResidualBlock down = new ResidualBlock(4, 8, 2, 2);
        assertTrue(down.projects());
        assertEquals(Shape.of(2, 8, 4, 4), down.forward(Tensor.randn(Shape.of(2, 4, 8, 8), 1)).shape());
        assertEquals(Shape.of(2, 8, 4, 5), down.forward(Tensor.randn(Shape.of(2, 4, 7, 9), 1)).shape());
        assertTrue(down.parameters().containsKey("shortcut.weight"));
        ResidualBlock widen = new ResidualBlock(4, 6, 1, false, DType.FLOAT32, 3);
        assertTrue(widen.projects());
        assertEquals(Shape.of(1, 6, 5, 5), widen.forward(Tensor.randn(Shape.of(1, 4, 5, 5), 1)).shape());
        assertEquals(Map.of(), widen.buffers());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> same.forward(Tensor.zeros(1, 3, 8, 8)));
        assertTrue(e.getMessage().startsWith("residual_block: expected input [batch, 4"), e.getMessage());
    }

    @Test
    @SuppressWarnings("try")
    void residualBlockWithZeroConvolutionsIsReluOfTheInput() {
        ResidualBlock block = new ResidualBlock(3, 3, 1, false, DType.FLOAT32, 4);
        try (GradMode.Guard g = GradMode.noGrad()) {
            block.parameters().values().forEach(p -> p.copyFrom(Tensor.zeros(p.shape(), p.dtype())));
        }
        Tensor x = Tensor.randn(Shape.of(2, 3, 5, 5), 2);
        assertArrayEquals(x.relu().toDoubleArray(), block.forward(x).toDoubleArray(), 1e-7);
    }

    @Test
    void gradientFlowsThroughBothBranches() {
        for (boolean batchNorm : new boolean[]{false, true}) {
            ResidualBlock block = new ResidualBlock(4, 8, 2, batchNorm, DType.FLOAT32, 5);
            Tensor x = Tensor.randn(Shape.of(2, 4, 6, 6), 3).requiresGrad(true);
            block.forward(x).mul(Tensor.randn(Shape.of(2, 8, 3, 3), 4)).sum().backward();
            for (String p : List.of("conv1.weight", "conv2.weight", "shortcut.weight")) {
                Tensor grad = block.parameters().get(p).grad();
                assertTrue(grad != null && grad.abs().sum().item() > 0, p + " got no gradient (batch norm " + batchNorm + ")");
            }
            assertTrue(x.grad().abs().sum().item() > 0);
        }
        ResidualBlock identity = new ResidualBlock(3, 1, 6);
        Tensor x = Tensor.randn(Shape.of(2, 3, 5, 5), 3).requiresGrad(true);
        identity.forward(x).sum().backward();
        assertTrue(identity.parameters().get("conv1.weight").grad().abs().sum().item() > 0);
        assertTrue(x.grad().abs().sum().item() > 0);
    }

    @Test
    void residualBlockPassesTheGradientCheckInFloat64() {
        for (int stride : new int[]{1, 2}) {
            ResidualBlock block = new ResidualBlock(1, stride, stride, false, DType.FLOAT64, 7);
            Tensor x = normal64(1, 1, 4, 4);
            gradientCheck(() -> block.forward(x), leaves(x, block));
        }
    }

    @Test
    void residualBlockLearns() {
        for (boolean batchNorm : new boolean[]{false, true}) {
            ResidualBlock block = new ResidualBlock(3, 4, 2, batchNorm, DType.FLOAT32, 9);
            Tensor x = Tensor.randn(Shape.of(8, 3, 6, 6), 10);
            Tensor target = Tensor.rand(Shape.of(8, 4, 3, 3), 11);
            SGD sgd = new SGD(block.parameters(), 0.1).momentum(0.9);
            double first = 0;
            double last = 0;
            for (int step = 0; step < 30; step++) {
                sgd.zeroGrad();
                Tensor loss = block.forward(x).sub(target).square().mean();
                loss.backward();
                sgd.step();
                last = loss.item();
                if (step == 0) {
                    first = last;
                }
            }
            System.out.println("residual block (batch norm " + batchNorm + ") loss " + first + " -> " + last);
            assertTrue(last < 0.5 * first, "loss went from " + first + " to " + last + " (batch norm " + batchNorm + ")");
        }
    }
}
