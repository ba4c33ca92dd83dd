package dev.neurite.layers.optim;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Optimizer;
import dev.neurite.api.nn.Registry;
import dev.neurite.layers.Fixtures;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.init.Initializers;
import dev.neurite.layers.loss.BinaryCrossEntropyWithLogits;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.neurite.layers.Fixtures.list;
import static dev.neurite.layers.Fixtures.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** L-BFGS against torch.optim.LBFGS trajectories (fixtures/extras.json, float64), and on a logistic regression. */
class LBFGSTest {
    private static final double TOLERANCE = 1e-5;

    @TestFactory
    Stream<DynamicTest> followsPyTorchTrajectories() {
        return Fixtures.cases("extras.json").stream().filter(c -> c.containsKey("problem"))
                .map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> check(c)));
    }

    private static void check(Map<String, Object> c) {
        Map<String, Tensor> params = new LinkedHashMap<>();
        map(c.get("initial")).forEach((k, v) -> params.put(k, Fixtures.tensor(v, DType.FLOAT64).requiresGrad(true)));
        Function<Map<String, Tensor>, Tensor> problem = "rosenbrock".equals(c.get("problem"))
                ? LBFGSTest::rosenbrock
                : leastSquares(Fixtures.tensor(c.get("a"), DType.FLOAT64), Fixtures.tensor(c.get("b"), DType.FLOAT64));
        Optimizer built = Registry.global().optimizer(
                Config.empty().with("type", LBFGS.TYPE).with("config", Fixtures.config(c.get("config"))), params);
        LBFGS lbfgs = (LBFGS) built;
        List<Object> after = list(c.get("after"));
        List<Object> losses = list(c.get("losses"));
        List<Object> evaluations = list(c.get("evaluations"));
        for (int step = 0; step < after.size(); step++) {
            int[] calls = {0};
            double loss = lbfgs.step(() -> {
                calls[0]++;
                Tensor l = problem.apply(params);
                l.backward();
                return l.item();
            });
            String what = c.get("name") + " step " + (step + 1);
            assertEquals(((Number) evaluations.get(step)).intValue(), calls[0], what + ": closure calls");
            Fixtures.assertClose(new double[]{((Number) losses.get(step)).doubleValue()}, new double[]{loss}, TOLERANCE, what + " loss");
            map(after.get(step)).forEach((k, v) -> Fixtures.assertMatches(v, params.get(k), TOLERANCE, what + " " + k));
        }
    }

    private static Tensor rosenbrock(Map<String, Tensor> p) {
        Tensor x = p.get("xy").slice(0, 0, 1);
        Tensor y = p.get("xy").slice(0, 1, 2);
        return x.neg().add(1).square().add(y.sub(x.square()).square().mul(100)).sum();
    }

    private static Function<Map<String, Tensor>, Tensor> leastSquares(Tensor a, Tensor b) {
        return p -> a.matmul(p.get("w").reshape(3, 1)).reshape(6).add(p.get("c")).sub(b).square().mean();
    }

    @Test
    void fitsAFullBatchLogisticRegression() {
        int n = 200;
        Tensor x = Tensor.random(Shape.of(n, 2), DType.FLOAT64, Distribution.NORMAL, 0, 1, 3);
        double[] xs = x.toDoubleArray();
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            // A linear boundary 2 x0 - x1 + 0.5 = 0 with a few points flipped, so the optimum is finite.
            labels[i] = (2 * xs[2 * i] - xs[2 * i + 1] + 0.5 > 0) ^ (i % 23 == 0) ? 1 : 0;
        }
        Tensor y = Tensor.of(DType.FLOAT64, labels, n, 1);
        Dense model = new Dense(2, 1, true, Initializers.zeros(), Initializers.zeros(), DType.FLOAT64, 1);
        BinaryCrossEntropyWithLogits bce = new BinaryCrossEntropyWithLogits();
        LBFGS lbfgs = new LBFGS(model.parameters(), 1).maxIter(50).lineSearch(LBFGS.STRONG_WOLFE);
        LBFGS.Closure closure = () -> {
            Tensor l = bce.compute(model.forward(x), y);
            l.backward();
            return l.item();
        };
        double initial = lbfgs.step(closure);
        assertEquals(Math.log(2), initial, 1e-12);
        for (int i = 0; i < 3; i++) {
            lbfgs.step(closure);
        }
        double[] w = model.weight().toDoubleArray();
        double[] logits = model.forward(x).toDoubleArray();
        int correct = 0;
        for (int i = 0; i < n; i++) {
            correct += (logits[i] > 0) == (labels[i] == 1) ? 1 : 0;
        }
        assertTrue(correct >= 0.9 * n, "accuracy " + correct + "/" + n);
        // At the optimum the gradient vanishes: one more evaluation stops on tolerance_grad, or nearly so.
        model.parameters().values().forEach(Tensor::zeroGrad);
        bce.compute(model.forward(x), y).backward();
        double gradMax = Math.max(Vectors.maxAbs(model.weight().grad().toDoubleArray()),
                Vectors.maxAbs(model.bias().grad().toDoubleArray()));
        assertTrue(gradMax < 1e-5, "gradient max " + gradMax);
        assertTrue(w[0] > 0 && w[1] < 0, "weights point across the boundary: " + java.util.Arrays.toString(w));
    }

    @Test
    void stateRoundTripsAndContinuesIdentically() {
        Map<String, Tensor> a = Map.of("xy", Tensor.of(DType.FLOAT64, new double[]{-1.5, 2}, 2).requiresGrad(true));
        Map<String, Tensor> b = Map.of("xy", Tensor.of(DType.FLOAT64, new double[]{-1.5, 2}, 2).requiresGrad(true));
        LBFGS first = new LBFGS(a, 1).maxIter(4).historySize(3).lineSearch(LBFGS.STRONG_WOLFE);
        LBFGS.Closure ca = () -> {
            Tensor l = rosenbrock(a);
            l.backward();
            return l.item();
        };
        first.step(ca);
        first.step(ca);
        LBFGS second = new LBFGS(b, first.config());
        b.get("xy").requiresGrad(false).copyFrom(a.get("xy")).requiresGrad(true);
        second.loadState(first.state());
        LBFGS.Closure cb = () -> {
            Tensor l = rosenbrock(b);
            l.backward();
            return l.item();
        };
        first.step(ca);
        second.step(cb);
        assertEquals(List.of(a.get("xy").toDoubleArray()[0], a.get("xy").toDoubleArray()[1]),
                List.of(b.get("xy").toDoubleArray()[0], b.get("xy").toDoubleArray()[1]));
        assertEquals(first.functionEvaluations(), second.functionEvaluations());
    }

    /** The history survives a checkpoint on disk: the resumed model continues exactly as the original. */
    @Test
    void resumesFromACheckpoint(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        Tensor x = Tensor.random(Shape.of(40, 2), DType.FLOAT64, Distribution.NORMAL, 0, 1, 9);
        Tensor y = x.slice(1, 0, 1).sub(x.slice(1, 1, 2).mul(0.5)).gt(0).cast(DType.FLOAT64);
        Dense model = new Dense(2, 1, true, Initializers.zeros(), Initializers.zeros(), DType.FLOAT64, 1);
        BinaryCrossEntropyWithLogits bce = new BinaryCrossEntropyWithLogits();
        LBFGS lbfgs = new LBFGS(model.parameters(), 0.5).maxIter(3).historySize(4);
        Function<dev.neurite.api.nn.Layer, LBFGS.Closure> closure = m -> () -> {
            Tensor l = bce.compute(m.forward(x), y);
            l.backward();
            return l.item();
        };
        lbfgs.step(closure.apply(model));
        lbfgs.step(closure.apply(model));
        dev.neurite.api.io.Checkpoint.save(dir, model, lbfgs, bce, null);
        dev.neurite.api.io.Checkpoint.Loaded loaded = dev.neurite.api.io.Checkpoint.load(dir);
        assertEquals(lbfgs.config(), loaded.optimizer().config());
        lbfgs.step(closure.apply(model));
        ((LBFGS) loaded.optimizer()).step(closure.apply(loaded.model()));
        assertEquals(java.util.Arrays.toString(model.weight().toDoubleArray()),
                java.util.Arrays.toString(loaded.model().parameters().get("weight").toDoubleArray()));
        assertEquals(lbfgs.iterations(), ((LBFGS) loaded.optimizer()).iterations());
    }

    @Test
    void refusesAStepWithoutClosureAndBadSettings() {
        LBFGS o = new LBFGS(Map.of("w", Tensor.zeros(2).requiresGrad(true)), 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, o::step);
        assertTrue(e.getMessage().startsWith("lbfgs: step() needs a closure"), e.getMessage());
        assertEquals("lbfgs: line_search must be 'strong_wolfe' or 'none', got 'armijo'",
                assertThrows(IllegalArgumentException.class, () -> o.lineSearch("armijo")).getMessage());
        assertEquals("lbfgs: history_size must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> o.historySize(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LBFGS(Map.of(), 1));
    }
}
