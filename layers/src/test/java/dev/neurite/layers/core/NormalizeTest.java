package dev.neurite.layers.core;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Registry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NormalizeTest {
    @Test
    void standardisesAllValues() {
        Tensor y = new Normalize(0.5, 0.25).forward(Tensor.of(new float[]{0, 0.5f, 1}, 1, 3));
        assertArrayEquals(new float[]{-2, 0, 2}, y.toFloatArray(), 1e-6f);
    }

    @Test
    void standardisesPerChannel() {
        Tensor x = Tensor.of(new float[]{1, 1, 10, 10}, 1, 2, 1, 2);
        Tensor y = new Normalize(new double[]{1, 4}, new double[]{1, 2}).forward(x);
        assertArrayEquals(new float[]{0, 0, 3, 3}, y.toFloatArray(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> new Normalize(new double[]{1, 4}, new double[]{1, 2})
                .forward(Tensor.zeros(1, 3, 2, 2)));
    }

    @Test
    void rejectsAZeroStd() {
        assertThrows(IllegalArgumentException.class, () -> new Normalize(0, 0));
    }

    @Test
    void gradientIsOneOverStd() {
        Tensor x = Tensor.zeros(1, 2, 1, 2).requiresGrad(true);
        new Normalize(new double[]{0.2, -1}, new double[]{0.5, 2}).forward(x).sum().backward();
        assertArrayEquals(new float[]{2, 2, 0.5f, 0.5f}, x.grad().toFloatArray(), 1e-6f);
    }

    @Test
    void configRoundTripKeepsBuffersOutOfTraining() {
        Normalize n = new Normalize(new double[]{0.2, -1}, new double[]{0.5, 2});
        Normalize copy = (Normalize) Registry.global().layer(Registry.global().spec(n));
        assertEquals(n.config(), copy.config());
        assertEquals(2, copy.buffers().size());
        assertEquals(0, copy.parameters().size());
    }
}
