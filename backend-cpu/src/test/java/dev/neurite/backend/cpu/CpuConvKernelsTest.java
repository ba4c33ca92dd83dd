package dev.neurite.backend.cpu;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.Backend;
import dev.neurite.api.backend.Backends;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.kernel.Conv2dKernel;
import dev.neurite.api.backend.kernel.Pool2dKernel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The conv and pool kernels on their own: known values in both float dtypes, the optional outputs of backward, and
 * argument errors. Their agreement with autograd and with PyTorch is tested in neurite-layers.
 */
class CpuConvKernelsTest {
    private static final int[] ONE = {1, 1};
    private static final int[] ZERO = {0, 0};
    private final Backend backend = Backends.byName(CpuBackendProvider.NAME);
    private final Conv2dKernel conv = backend.kernel(Conv2dKernel.class).orElseThrow();
    private final Pool2dKernel pool = backend.kernel(Pool2dKernel.class).orElseThrow();

    private NdArray array(DType dtype, double[] values, long... shape) {
        return backend.fromDoubles(values, Shape.of(shape), dtype);
    }

    @Test
    void convolutionOfARangeInBothFloatTypes() {
        for (DType dtype : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            NdArray x = array(dtype, new double[]{0, 1, 2, 3, 4, 5, 6, 7, 8}, 1, 1, 3, 3);
            NdArray w = array(dtype, new double[]{0, 1, 2, 3}, 1, 1, 2, 2);
            NdArray b = array(dtype, new double[]{1}, 1);
            assertArrayEquals(new double[]{20, 26, 38, 44},
                    backend.toDoubles(conv.forward(x, w, b, ONE, ZERO, ONE, 1)), 1e-6);
            NdArray g = array(dtype, new double[]{1, 1, 1, 1}, 1, 1, 2, 2);
            NdArray[] d = conv.backward(x, w, g, ONE, ZERO, ONE, 1, false, true);
            assertNull(d[0]);
            // dW[i, j] is the sum of the 2x2 input block at offset (i, j); dB is the sum of the upstream gradient.
            assertArrayEquals(new double[]{8, 12, 20, 24}, backend.toDoubles(d[1]), 1e-6);
            assertArrayEquals(new double[]{4}, backend.toDoubles(d[2]), 1e-6);
            assertNull(conv.backward(x, w, g, ONE, ZERO, ONE, 1, true, false)[2]);
        }
    }

    @Test
    void poolingOfAGrid() {
        NdArray x = array(DType.FLOAT64, new double[]{3, 1, 3, 5, 6, 0, 7, 9, 3, 2, 1, 4, 0, 2, 4, 3}, 1, 1, 4, 4);
        int[] two = {2, 2};
        assertArrayEquals(new double[]{6, 9, 3, 4}, backend.toDoubles(pool.forward(Pool2dKernel.Mode.MAX, x, two, two, ZERO)), 0);
        assertArrayEquals(new double[]{2.5, 6, 1.75, 3},
                backend.toDoubles(pool.forward(Pool2dKernel.Mode.AVERAGE, x, two, two, ZERO)), 1e-12);
        NdArray g = array(DType.FLOAT64, new double[]{1, 2, 3, 4}, 1, 1, 2, 2);
        assertArrayEquals(new double[]{0, 0, 0, 0, 1, 0, 0, 2, 3, 0, 0, 4, 0, 0, 0, 0},
                backend.toDoubles(pool.backward(Pool2dKernel.Mode.MAX, x, g, two, two, ZERO)), 0);
    }

    @Test
    void badArgumentsNameTheKernelAndTheShapes() {
        NdArray x = array(DType.FLOAT32, new double[18], 1, 2, 3, 3);
        NdArray w = array(DType.FLOAT32, new double[4], 1, 1, 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> conv.forward(x, w, null, ONE, ZERO, ONE, 1));
        assertTrue(e.getMessage().contains("Conv2dKernel") && e.getMessage().contains("[1, 2, 3, 3]"), e.getMessage());
        NdArray w2 = array(DType.FLOAT32, new double[2 * 16], 1, 2, 4, 4);
        e = assertThrows(IllegalArgumentException.class, () -> conv.forward(x, w2, null, ONE, ZERO, ONE, 1));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
        NdArray w64 = array(DType.FLOAT64, new double[8], 1, 2, 2, 2);
        e = assertThrows(IllegalArgumentException.class, () -> conv.forward(x, w64, null, ONE, ZERO, ONE, 1));
        assertTrue(e.getMessage().contains("float64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> pool.forward(Pool2dKernel.Mode.MAX, x, new int[]{2, 2}, new int[]{2, 2}, new int[]{2, 2}));
        assertTrue(e.getMessage().contains("Pool2dKernel") && e.getMessage().contains("half the kernel"), e.getMessage());
    }
}
