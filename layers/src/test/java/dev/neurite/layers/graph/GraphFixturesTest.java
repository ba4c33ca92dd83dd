package dev.neurite.layers.graph;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.backend.Kernels;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Sequential;
import dev.neurite.layers.Fixtures;
import dev.neurite.layers.activation.ReLU;
import dev.neurite.layers.core.Dense;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.Map;
import java.util.stream.Stream;

import static dev.neurite.layers.Fixtures.assertMatches;
import static dev.neurite.layers.Fixtures.map;

/**
 * GCNConv, SAGEConv (mean, max), GINConv and GATConv (one head; two heads concatenated and averaged) against PyG's
 * formulas in PyTorch 1.13 (fixtures/gnn.json from make_gnn_fixtures.py): outputs and the gradients of the node
 * features and of every parameter, in float32, on the fused kernels and on the primitive path.
 */
class GraphFixturesTest {

    @TestFactory
    Stream<DynamicTest> matchesPyTorch() {
        return Fixtures.cases("gnn.json").stream().flatMap(c -> Stream.of(
                DynamicTest.dynamicTest((String) c.get("name"), () -> check(c)),
                DynamicTest.dynamicTest(c.get("name") + " (primitive path)", () -> Kernels.disabledWhile(() -> {
                    check(c);
                    return null;
                }))));
    }

    private static MessagePassing build(String name, Config c) {
        long in = c.getLong("in");
        long out = c.getLong("out");
        if (name.startsWith("gcn")) {
            return new GCNConv(in, out, true, true, true, DType.FLOAT32, 1);
        }
        if (name.startsWith("sage")) {
            return new SAGEConv(in, out, Aggregation.fromId(c.getString("aggr")), true, true, false, DType.FLOAT32, 1);
        }
        if (name.startsWith("gin")) {
            long hidden = c.getLong("hidden");
            return new GINConv(new Sequential(new Dense(in, hidden, 1), new ReLU(), new Dense(hidden, out, 2)), c.getDouble("eps"),
                    c.getBoolean("train_eps"), DType.FLOAT32);
        }
        return new GATConv(in, out, c.getInt("heads"), c.getBoolean("concat"), 0.2, 0, true, true, DType.FLOAT32, 1);
    }

    @SuppressWarnings("try")
    private static void check(Map<String, Object> c) {
        String name = (String) c.get("name");
        MessagePassing layer = build(name, Fixtures.config(c.get("config")));
        Map<String, Tensor> params = layer.parameters();
        try (GradMode.Guard g = GradMode.noGrad()) {
            map(c.get("params")).forEach((p, v) -> {
                if (!params.containsKey(p)) {
                    throw new AssertionError(name + ": the layer has no parameter " + p + ", it has " + params.keySet());
                }
                params.get(p).copyFrom(Fixtures.tensor(v));
            });
        }
        Tensor x = Fixtures.tensor(c.get("x")).requiresGrad(true);
        Tensor edgeIndex = Fixtures.labels(c.get("edge_index"));
        Tensor y = layer.forward(new GraphData(x, edgeIndex));
        assertMatches(c.get("output"), y, name + " output");
        y.backward(Fixtures.tensor(c.get("upstream")));
        assertMatches(c.get("grad_x"), x.grad(), name + " node feature gradient");
        map(c.get("grad_params")).forEach((p, v) -> assertMatches(v, params.get(p).grad(), name + " " + p + " gradient"));
    }

    @AfterAll
    static void report() {
        System.out.printf("graph layers vs PyTorch: worst relative error %.3g%n", Fixtures.takeWorstError());
    }
}
