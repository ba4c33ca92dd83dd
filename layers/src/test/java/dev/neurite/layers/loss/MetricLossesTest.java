package dev.neurite.layers.loss;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradientCheck;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Loss;
import dev.neurite.api.nn.Registry;
import dev.neurite.layers.Fixtures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.neurite.layers.Fixtures.assertMatches;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Contrastive, triplet, distillation and CORAL losses against PyTorch (fixtures/extras.json, float64: the triplet
 * cases from torch.nn.TripletMarginLoss, the others from the formulas in torch ops), plus float64 finite differences.
 */
class MetricLossesTest {
    private static final double TOLERANCE = 1e-9;

    private static Tensor f64(Object json) {
        return Fixtures.tensor(json, DType.FLOAT64).requiresGrad(true);
    }

    private static Stream<Map<String, Object>> cases(String prefix) {
        return Fixtures.cases("extras.json").stream().filter(c -> ((String) c.get("name")).startsWith(prefix));
    }

    @TestFactory
    Stream<DynamicTest> tripletMatchesTorch() {
        return cases("triplet").map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> {
            Config cfg = Fixtures.config(c.get("config"));
            Loss loss = Registry.global().loss(Config.empty().with("type", TripletMarginLoss.TYPE).with("config", cfg));
            Tensor a = f64(c.get("anchor"));
            Tensor p = f64(c.get("positive"));
            Tensor n = f64(c.get("negative"));
            Tensor out = ((TripletMarginLoss) loss).compute(a, p, n);
            assertMatches(c.get("output"), out, TOLERANCE, "output");
            out.sum().backward();
            assertMatches(c.get("grad_anchor"), a.grad(), TOLERANCE, "grad anchor");
            assertMatches(c.get("grad_positive"), p.grad(), TOLERANCE, "grad positive");
            assertMatches(c.get("grad_negative"), n.grad(), TOLERANCE, "grad negative");
            // The stacked form through the Loss interface gives the same values.
            Tensor stacked = Tensor.stack(List.of(a.detach(), p.detach(), n.detach()), 1);
            assertMatches(c.get("output"), loss.compute(stacked, Tensor.zeros(a.size(0))), TOLERANCE, "stacked");
        }));
    }

    @TestFactory
    Stream<DynamicTest> contrastiveMatchesTheFormula() {
        return cases("contrastive").map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> {
            double margin = Fixtures.config(c.get("config")).getDouble("margin");
            Tensor x1 = f64(c.get("x1"));
            Tensor x2 = f64(c.get("x2"));
            Tensor y = Fixtures.tensor(c.get("labels"), DType.FLOAT64);
            assertMatches(c.get("per_pair"), new ContrastiveLoss(margin, Reduction.NONE).compute(x1, x2, y), TOLERANCE, "per pair");
            Tensor out = new ContrastiveLoss(margin, Reduction.MEAN).compute(x1, x2, y);
            assertMatches(c.get("output"), out, TOLERANCE, "output");
            out.backward();
            assertMatches(c.get("grad_x1"), x1.grad(), TOLERANCE, "grad x1");
            assertMatches(c.get("grad_x2"), x2.grad(), TOLERANCE, "grad x2");
        }));
    }

    @TestFactory
    Stream<DynamicTest> distillationMatchesTheFormula() {
        return cases("distillation").map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> {
            Config cfg = Fixtures.config(c.get("config"));
            Tensor s = f64(c.get("student"));
            Tensor t = Fixtures.tensor(c.get("teacher"), DType.FLOAT64).requiresGrad(true);
            Tensor out = new DistillationLoss(cfg.getDouble("temperature"), cfg.getDouble("alpha"), Reduction.MEAN)
                    .compute(s, t, Fixtures.labels(c.get("labels")));
            assertMatches(c.get("output"), out, TOLERANCE, "output");
            out.backward();
            assertMatches(c.get("grad_student"), s.grad(), TOLERANCE, "grad student");
            assertEquals(null, t.grad(), "the teacher is a constant");
        }));
    }

    @TestFactory
    Stream<DynamicTest> coralMatchesTheFormula() {
        return cases("coral").map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> {
            Tensor xs = f64(c.get("source"));
            Tensor xt = f64(c.get("target"));
            Tensor out = new CoralLoss().compute(xs, xt);
            assertMatches(c.get("output"), out, TOLERANCE, "output");
            out.backward();
            assertMatches(c.get("grad_source"), xs.grad(), TOLERANCE, "grad source");
            assertMatches(c.get("grad_target"), xt.grad(), TOLERANCE, "grad target");
        }));
    }

    private static Tensor normal(long seed, long... shape) {
        return Tensor.random(Shape.of(shape), DType.FLOAT64, Distribution.NORMAL, 0, 1, seed);
    }

    @Test
    void contrastiveHandComputed() {
        // d = 5 for the first pair (3-4-5), 1 for the second; margin 2.
        Tensor x1 = Tensor.of(DType.FLOAT64, new double[]{0, 0, 0, 0}, 2, 2);
        Tensor x2 = Tensor.of(DType.FLOAT64, new double[]{3, 4, 1, 0}, 2, 2);
        Tensor y = Tensor.of(DType.FLOAT64, new double[]{1, 0}, 2);
        // similar: 0.5 * 25; dissimilar: 0.5 * (2 - 1)^2
        assertEquals(List.of(12.5, 0.5), java.util.Arrays.stream(new ContrastiveLoss(2, Reduction.NONE)
                .compute(x1, x2, y).toDoubleArray()).boxed().toList());
        // A dissimilar pair beyond the margin costs nothing; a coincident similar pair costs nothing.
        assertEquals(0, new ContrastiveLoss(2, Reduction.SUM).compute(x1, x2, Tensor.of(DType.FLOAT64,
                new double[]{0, 1}, 2)).sub(0.5).item(), 1e-12);
    }

    @Test
    void gradientChecks() {
        Tensor a = normal(1, 4, 3);
        Tensor b = normal(2, 4, 3);
        Tensor c = normal(3, 4, 3);
        Tensor y = Tensor.of(DType.FLOAT64, new double[]{1, 0, 0, 1}, 4);
        for (Reduction r : new Reduction[]{Reduction.MEAN, Reduction.SUM, Reduction.NONE}) {
            // Margins keep the hinges away from their kinks at these points.
            GradientCheck.assertGradients(in -> new ContrastiveLoss(3, r).compute(in.get(0), in.get(1), y), List.of(a, b));
            GradientCheck.assertGradients(in -> new TripletMarginLoss(5, 2, 1e-6, true, r)
                    .compute(in.get(0), in.get(1), in.get(2)), List.of(a, b, c));
            GradientCheck.assertGradients(in -> new TripletMarginLoss(5, 1.5, 1e-6, false, r)
                    .compute(in.get(0), in.get(1), in.get(2)), List.of(a, b, c));
            GradientCheck.assertGradients(in -> new DistillationLoss(3, 0.6, r)
                    .compute(in.get(0), c, Tensor.ofLongs(new long[]{0, 2, 1, 1}, 4)), List.of(a));
        }
        GradientCheck.assertGradients(in -> new CoralLoss().compute(in.get(0), in.get(1)), List.of(a, normal(4, 6, 3)));
    }

    @Test
    void badInputsNameTheShapes() {
        Tensor a = Tensor.zeros(4, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TripletMarginLoss().compute(a, a, Tensor.zeros(4, 2)));
        assertEquals("triplet_margin: expected embeddings of one floating-point dtype and one shape [N, D], got "
                + "float32[4, 3], float32[4, 3], float32[4, 2]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TripletMarginLoss().compute(a, a));
        assertEquals("triplet_margin: expected the 3 branches stacked on axis 1, shape [N, 3, D], got [4, 3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ContrastiveLoss().compute(a, a, Tensor.zeros(3)));
        assertEquals("contrastive: labels must have shape [4] (one per pair of embeddings [4, 3]), got [3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CoralLoss().compute(a, Tensor.zeros(5, 2)));
        assertEquals("coral: expected source and target features [n, d] of one floating-point dtype with the same d and"
                + " n >= 2, got float32[4, 3] and float32[5, 2]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DistillationLoss(0, 0.5, Reduction.MEAN));
        assertEquals("distillation: temperature must be > 0, got 0.0", e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new DistillationLoss().compute(a, a,
                Tensor.ofLongs(new long[]{0, 1, 2, 3}, 4))).getMessage().contains("out of range"));
    }
}
