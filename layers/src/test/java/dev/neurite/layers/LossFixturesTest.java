package dev.neurite.layers;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Loss;
import dev.neurite.api.nn.Registry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.Map;
import java.util.stream.Stream;

import static dev.neurite.layers.Fixtures.assertMatches;
import static dev.neurite.layers.Fixtures.map;

/** Every loss, for every reduction, with its gradient, against PyTorch 1.13 (fixtures/losses.json), in float32. */
class LossFixturesTest {

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        return Fixtures.cases("losses.json").stream().flatMap(c -> map(c.get("values")).keySet().stream()
                .map(r -> DynamicTest.dynamicTest(c.get("name") + " " + r, () -> check(c, r))));
    }

    private static void check(Map<String, Object> c, String reduction) {
        String what = c.get("name") + " (" + reduction + ")";
        Config config = Fixtures.config(c.get("config")).with("reduction", reduction);
        Loss loss = Registry.global().loss(Config.empty().with("type", c.get("type")).with("config", config));
        Tensor predictions = Fixtures.tensor(c.get("predictions")).requiresGrad(true);
        Tensor targets = isClassIndexed((String) c.get("type")) ? Fixtures.labels(c.get("targets")) : Fixtures.tensor(c.get("targets"));
        Tensor value = loss.compute(predictions, targets);
        assertMatches(map(c.get("values")).get(reduction), value, what + " value");
        if (reduction.equals("none")) {
            value.backward(Fixtures.tensor(c.get("upstream_none")));
        } else {
            value.backward();
        }
        assertMatches(map(c.get("grads")).get(reduction), predictions.grad(), what + " gradient");
    }

    static boolean isClassIndexed(String type) {
        return type.equals("sparse_categorical_cross_entropy") || type.equals("nll") || type.equals("hinge");
    }

    @AfterAll
    static void report() {
        System.out.printf("losses vs PyTorch: worst relative error %.3g%n", Fixtures.takeWorstError());
    }
}
