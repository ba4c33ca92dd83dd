package dev.neurite.layers.loss;

import dev.neurite.api.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RegularizationTest {

    private static Map<String, Tensor> params() {
        Map<String, Tensor> p = new LinkedHashMap<>();
        p.put("0.weight", Tensor.of(new float[]{1, -2, 3, -4}, 2, 2).requiresGrad(true));
        p.put("0.bias", Tensor.of(new float[]{0.5f, -0.5f}).requiresGrad(true));
        return p;
    }

    @Test
    void penaltiesAndTheirGradients() {
        Map<String, Tensor> p = params();
        assertEquals(0.1 * 11, Regularization.l1(p, 0.1).item(), 1e-6);
        Tensor l2 = Regularization.l2(p, 0.1);
        assertEquals(0.1 * 30.5, l2.item(), 1e-5);
        l2.backward();
        assertArrayEquals(new float[]{0.2f, -0.4f, 0.6f, -0.8f}, p.get("0.weight").grad().toFloatArray(), 1e-6f);
    }

    @Test
    void biasesCanBeExcluded() {
        Map<String, Tensor> p = params();
        Tensor l1 = Regularization.l1(p, 1, name -> !name.endsWith("bias"));
        assertEquals(10, l1.item(), 1e-6);
        l1.backward();
        assertArrayEquals(new float[]{1, -1, 1, -1}, p.get("0.weight").grad().toFloatArray());
        assertNull(p.get("0.bias").grad());
        assertEquals(0, Regularization.l2(p, 1, name -> false).item());
    }
}
