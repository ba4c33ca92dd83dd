package dev.neurite.layers;

import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.backend.Kernels;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Registry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.Map;
import java.util.stream.Stream;

import static dev.neurite.layers.Fixtures.assertMatches;
import static dev.neurite.layers.Fixtures.map;

/**
 * Every layer's output and gradients against PyTorch 1.13 (fixtures/layers.json, conv.json, conv2.json, conv3.json and residual.json), in float32, on
 * the backend's fused kernels and again on the primitive path.
 */
class LayerFixturesTest {
    /** Layer types whose config needs a seed; the fixture overwrites the weights anyway. */
    private static final java.util.Set<String> SEEDED = java.util.Set.of("dense", "conv2d", "conv1d", "conv_transpose2d",
            "residual_block");

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        return Stream.of("layers.json", "conv.json", "conv2.json", "conv3.json", "residual.json").flatMap(f -> Fixtures.cases(f).stream()).flatMap(c -> Stream.of(
                DynamicTest.dynamicTest((String) c.get("name"), () -> check(c)),
                DynamicTest.dynamicTest(c.get("name") + " (primitive path)", () -> Kernels.disabledWhile(() -> {
                    check(c);
                    return null;
                }))));
    }

    @SuppressWarnings("try")
    private static void check(Map<String, Object> c) {
        String name = (String) c.get("name");
        Config config = Fixtures.config(c.get("config"));
        if (SEEDED.contains((String) c.get("type"))) {
            config.with("seed", 1L);
        }
        Layer layer = Registry.global().layer(Config.empty().with("type", c.get("type")).with("config", config));
        Map<String, Tensor> params = layer.parameters();
        try (GradMode.Guard g = GradMode.noGrad()) {
            map(c.get("params")).forEach((p, v) -> params.get(p).copyFrom(Fixtures.tensor(v)));
        }
        Tensor x = Fixtures.tensor(c.get("input")).requiresGrad(true);
        Tensor y = layer.forward(x);
        assertMatches(c.get("output"), y, name + " output");
        y.backward(Fixtures.tensor(c.get("upstream")));
        assertMatches(c.get("grad_input"), x.grad(), name + " input gradient");
        map(c.get("grad_params")).forEach((p, v) -> assertMatches(v, params.get(p).grad(), name + " " + p + " gradient"));
    }

    @AfterAll
    static void report() {
        System.out.printf("layers vs PyTorch: worst relative error %.3g%n", Fixtures.takeWorstError());
    }
}
