package dev.neurite.layers.optim;

import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Optimizer;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptimizerStateTest {

    private static Map<String, Tensor> params(long seed) {
        Map<String, Tensor> p = new LinkedHashMap<>();
        p.put("0.weight", Tensor.randn(Shape.of(3, 2), seed).requiresGrad(true));
        p.put("0.bias", Tensor.randn(Shape.of(3), seed + 1).requiresGrad(true));
        return p;
    }

    /** One step with gradient 2p + step, inside its own scope as under the Trainer. */
    @SuppressWarnings("try") // the scope frees what the body allocates
    private static void step(Optimizer o, int k) {
        try (MemoryScope scope = MemoryScope.open()) {
            o.parameters().values().forEach(p -> p.setGrad(p.detach().mul(2).add(k)));
            o.step();
            o.zeroGrad();
        }
    }

    private static final List<Function<Map<String, Tensor>, Optimizer>> ALL = List.of(
            p -> new SGD(p, 0.1).momentum(0.9),
            p -> new AdaGrad(p, 0.1),
            p -> new RMSProp(p, 0.01).momentum(0.5).centered(true),
            p -> new Adam(p, 0.01),
            p -> new AdamW(p, 0.01));

    @SuppressWarnings("try") // the scope frees what the body allocates
    @Test
    void stateRestoredIntoAFreshOptimizerContinuesExactly() {
        for (Function<Map<String, Tensor>, Optimizer> make : ALL) {
            Map<String, Tensor> a = params(1);
            Optimizer first = make.apply(a);
            step(first, 0);
            step(first, 1);
            Map<String, Tensor> b = params(1);
            try (MemoryScope scope = MemoryScope.open()) {
                a.forEach((k, v) -> b.get(k).detach().copyFrom(v));
            }
            Optimizer second = make.apply(b);
            second.loadState(first.state());
            step(first, 2);
            step(second, 2);
            a.forEach((k, v) -> assertArrayEquals(v.toFloatArray(), b.get(k).toFloatArray(), first.typeId() + " " + k));
        }
    }

    @Test
    void stateIsNamedByKindAndParameter() {
        Adam adam = new Adam(params(1));
        step(adam, 0);
        Map<String, Tensor> state = adam.state();
        assertEquals(List.of("exp_avg.0.weight", "exp_avg_sq.0.weight", "exp_avg.0.bias", "exp_avg_sq.0.bias", "step"),
                List.copyOf(state.keySet()));
        assertEquals(1, state.get("step").item());
        assertEquals(Shape.of(3, 2), state.get("exp_avg.0.weight").shape());
    }

    @Test
    void loadingForeignStateFailsClearly() {
        Adam adam = new Adam(params(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> adam.loadState(Map.of("momentum_buffer.0.weight", Tensor.zeros(3, 2))));
        assertTrue(e.getMessage().contains("momentum_buffer.0.weight"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> adam.loadState(Map.of("exp_avg.0.weight", Tensor.zeros(2, 3))));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 2]"), e.getMessage());
    }

    @Test
    void parametersWithoutGradientsAreLeftAlone() {
        Map<String, Tensor> p = params(1);
        float[] before = p.get("0.bias").toFloatArray();
        Adam adam = new Adam(p, 0.1);
        p.get("0.weight").setGrad(Tensor.ones(3, 2));
        adam.step();
        assertArrayEquals(before, p.get("0.bias").toFloatArray());
        assertEquals(List.of("exp_avg.0.weight", "exp_avg_sq.0.weight", "step"), List.copyOf(adam.state().keySet()));
    }

    @Test
    void weightDecayIsCoupledForAdamAndDecoupledForAdamW() {
        // With a zero gradient, Adam's L2 term still moves p through the moments; AdamW just shrinks it.
        Map<String, Tensor> a = Map.of("w", Tensor.of(new float[]{1, -2}).requiresGrad(true));
        Map<String, Tensor> b = Map.of("w", Tensor.of(new float[]{1, -2}).requiresGrad(true));
        Adam adam = new Adam(a, 0.1).weightDecay(0.5);
        AdamW adamW = new AdamW(b, 0.1).weightDecay(0.5);
        a.get("w").setGrad(Tensor.zeros(2));
        b.get("w").setGrad(Tensor.zeros(2));
        adam.step();
        adamW.step();
        assertArrayEquals(new float[]{0.9f, -1.9f}, a.get("w").toFloatArray(), 1e-5f);
        assertArrayEquals(new float[]{0.95f, -1.9f}, b.get("w").toFloatArray(), 1e-5f);
    }

    @Test
    void clippingByNormAndValue() {
        Map<String, Tensor> p = Map.of("w", Tensor.of(new float[]{0, 0}).requiresGrad(true));
        SGD sgd = new SGD(p, 1).clipGradNorm(1);
        p.get("w").setGrad(Tensor.of(new float[]{3, 4}));
        sgd.step();
        assertArrayEquals(new float[]{-0.6f, -0.8f}, p.get("w").toFloatArray(), 1e-5f);
        SGD byValue = new SGD(p, 1).clipGradValue(0.5);
        p.get("w").setGrad(Tensor.of(new float[]{3, -0.25f}));
        byValue.step();
        assertArrayEquals(new float[]{-1.1f, -0.55f}, p.get("w").toFloatArray(), 1e-5f);
    }

    @Test
    void clippingHelpersWorkOutsideOptimizers() {
        Tensor w = Tensor.zeros(2).requiresGrad(true);
        Tensor unused = Tensor.zeros(3).requiresGrad(true);
        w.setGrad(Tensor.of(new float[]{3, 4}));
        assertEquals(5, GradientClipping.byNorm(List.of(w, unused), 2.5), 1e-6);
        assertArrayEquals(new float[]{1.5f, 2}, w.grad().toFloatArray(), 1e-5f);
        GradientClipping.byValue(List.of(w, unused), 1.75);
        assertArrayEquals(new float[]{1.5f, 1.75f}, w.grad().toFloatArray(), 1e-5f);
    }

    @Test
    void tiedParametersAreUpdatedOnce() {
        Tensor shared = Tensor.of(new float[]{1}).requiresGrad(true);
        Map<String, Tensor> p = new LinkedHashMap<>();
        p.put("encoder.weight", shared);
        p.put("decoder.weight", shared);
        SGD sgd = new SGD(p, 0.5);
        shared.setGrad(Tensor.of(new float[]{1}));
        sgd.step();
        assertEquals(0.5, shared.item(), 1e-7);
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SGD(Map.of(), 0.1));
        assertThrows(IllegalArgumentException.class, () -> new SGD(params(1), -1));
        assertThrows(IllegalArgumentException.class, () -> new SGD(params(1), 0.1).momentum(1.5));
        assertThrows(IllegalArgumentException.class, () -> new SGD(params(1), 0.1).momentum(0, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new Adam(params(1)).betas(0.9, 1.0));
    }
}
