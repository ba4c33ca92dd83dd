package dev.neurite.layers;

import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Kernels;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Optimizer;
import dev.neurite.api.nn.Registry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.neurite.layers.Fixtures.assertMatches;
import static dev.neurite.layers.Fixtures.list;
import static dev.neurite.layers.Fixtures.map;

/**
 * Three steps of every optimizer configuration with fixed gradients against PyTorch 1.13
 * (fixtures/optimizers.json), in float32. Each step runs in its own MemoryScope, as under the Trainer, so lazily
 * created state must survive the scope.
 */
class OptimizerFixturesTest {

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        return Fixtures.cases("optimizers.json").stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> check(c)));
    }

    /** The same cases with fused kernels off, so the primitive path (used by backends without them) is held to it too. */
    @TestFactory
    Stream<DynamicTest> matchesPyTorchWithoutFusedKernels() {
        return Fixtures.cases("optimizers.json").stream().map(c -> DynamicTest.dynamicTest(c.get("name") + " (primitive)",
                () -> Kernels.disabledWhile(() -> {
                    check(c);
                    return null;
                })));
    }

    @SuppressWarnings("try") // the scope frees what the body allocates
    private static void check(Map<String, Object> c) {
        Map<String, Tensor> params = new LinkedHashMap<>();
        map(c.get("initial")).forEach((k, v) -> params.put(k, Fixtures.tensor(v).requiresGrad(true)));
        Optimizer optimizer = Registry.global().optimizer(
                Config.empty().with("type", c.get("type")).with("config", Fixtures.config(c.get("config"))), params);
        List<Object> grads = list(c.get("grads"));
        List<Object> after = list(c.get("after"));
        for (int step = 0; step < grads.size(); step++) {
            try (MemoryScope scope = MemoryScope.open()) {
                map(grads.get(step)).forEach((k, v) -> params.get(k).setGrad(Fixtures.tensor(v)));
                optimizer.step();
                optimizer.zeroGrad();
            }
            int s = step;
            map(after.get(step)).forEach((k, v) -> assertMatches(v, params.get(k), c.get("name") + " step " + (s + 1) + " " + k));
        }
    }

    @AfterAll
    static void report() {
        System.out.printf("optimizers vs PyTorch: worst relative error %.3g%n", Fixtures.takeWorstError());
    }
}
