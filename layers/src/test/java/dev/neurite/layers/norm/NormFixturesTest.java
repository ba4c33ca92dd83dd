package dev.neurite.layers.norm;

import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.backend.Kernels;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Registry;
import dev.neurite.layers.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.neurite.layers.Fixtures.assertMatches;
import static dev.neurite.layers.Fixtures.list;
import static dev.neurite.layers.Fixtures.map;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * BatchNorm1d/2d, LayerNorm and GroupNorm against PyTorch 1.13 (fixtures/norm.json, written by
 * make_norm_fixtures.py), in float32: two training steps (outputs, input and parameter gradients), the running
 * statistics after them, and an eval-mode output; on the backend's fused kernels and again on the primitive path.
 */
class NormFixturesTest {

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        return Fixtures.cases("norm.json").stream().flatMap(c -> Stream.of(
                DynamicTest.dynamicTest((String) c.get("name"), () -> check(c)),
                DynamicTest.dynamicTest(c.get("name") + " (primitive path)", () -> Kernels.disabledWhile(() -> {
                    check(c);
                    return null;
                }))));
    }

    @SuppressWarnings("try")
    private static void check(Map<String, Object> c) {
        String name = (String) c.get("name");
        Layer layer = Registry.global().layer(Config.empty().with("type", c.get("type"))
                .with("config", Fixtures.config(c.get("config"))));
        Map<String, Tensor> params = layer.parameters();
        assertEquals(map(c.get("params")).keySet(), params.keySet(), name + " parameters");
        try (GradMode.Guard g = GradMode.noGrad()) {
            map(c.get("params")).forEach((p, v) -> params.get(p).copyFrom(Fixtures.tensor(v)));
        }
        layer.train(true);
        List<Object> steps = list(c.get("steps"));
        for (int i = 0; i < steps.size(); i++) {
            Map<String, Object> step = map(steps.get(i));
            String what = name + " step " + (i + 1);
            params.values().forEach(Tensor::zeroGrad);
            Tensor x = Fixtures.tensor(step.get("input")).requiresGrad(true);
            Tensor y = layer.forward(x);
            assertMatches(step.get("output"), y, what + " output");
            y.backward(Fixtures.tensor(step.get("upstream")));
            assertMatches(step.get("grad_input"), x.grad(), what + " input gradient");
            map(step.get("grad_params")).forEach((p, v) -> assertMatches(v, params.get(p).grad(), what + " " + p + " gradient"));
        }
        Map<String, Tensor> buffers = layer.buffers();
        assertEquals(map(c.get("buffers")).keySet(), buffers.keySet(), name + " buffers");
        map(c.get("buffers")).forEach((b, v) -> assertMatches(v, buffers.get(b), name + " " + b + " after 2 steps"));
        layer.train(false);
        Map<String, Object> eval = map(c.get("eval"));
        try (GradMode.Guard g = GradMode.noGrad()) {
            assertMatches(eval.get("output"), layer.forward(Fixtures.tensor(eval.get("input"))), name + " eval output");
        }
    }

    @AfterAll
    static void report() {
        System.out.printf("norm layers vs PyTorch: worst relative error %.3g%n", Fixtures.takeWorstError());
    }
}
