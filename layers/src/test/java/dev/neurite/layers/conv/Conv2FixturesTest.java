package dev.neurite.layers.conv;

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

import java.util.Map;
import java.util.stream.Stream;

import static dev.neurite.layers.Fixtures.map;

/**
 * Conv1d, ConvTranspose2d and Upsample against PyTorch 1.13 (fixtures/conv2.json from make_conv2_fixtures.py):
 * output, input gradient and parameter gradients in float32, on the backend's fused kernels and again on the
 * primitive path, to {@link Fixtures#TOLERANCE} (relative above 1).
 */
class Conv2FixturesTest {
    private static volatile double worst;

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        return Fixtures.cases("conv2.json").stream().flatMap(c -> Stream.of(
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
        if (c.get("type").equals("conv1d") || c.get("type").equals("conv_transpose2d")) {
            config.with("seed", 1L);
        }
        Layer layer = Registry.global().layer(Config.empty().with("type", c.get("type")).with("config", config));
        Map<String, Tensor> params = layer.parameters();
        try (GradMode.Guard g = GradMode.noGrad()) {
            map(c.get("params")).forEach((p, v) -> params.get(p).copyFrom(Fixtures.tensor(v)));
        }
        Tensor x = Fixtures.tensor(c.get("input")).requiresGrad(true);
        Tensor y = layer.forward(x);
        compare(c.get("output"), y, name + " output");
        y.backward(Fixtures.tensor(c.get("upstream")));
        compare(c.get("grad_input"), x.grad(), name + " input gradient");
        map(c.get("grad_params")).forEach((p, v) -> compare(v, params.get(p).grad(), name + " " + p + " gradient"));
    }

    private static void compare(Object expected, Tensor actual, String what) {
        worst = Math.max(worst, Fixtures.maxError(Fixtures.data(expected), actual.toDoubleArray()));
        Fixtures.assertMatches(expected, actual, what);
    }

    @AfterAll
    static void report() {
        System.out.printf("conv1d/conv_transpose2d/upsample vs PyTorch: worst relative error %.3g%n", worst);
    }
}
