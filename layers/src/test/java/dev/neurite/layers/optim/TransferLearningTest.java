package dev.neurite.layers.optim;

import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Kernels;
import dev.neurite.api.data.InMemoryDataset;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Optimizer;
import dev.neurite.api.nn.Registry;
import dev.neurite.api.nn.Sequential;
import dev.neurite.api.train.Trainer;
import dev.neurite.layers.activation.ReLU;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.loss.SparseCategoricalCrossEntropy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Frozen parameters and per-group learning rates: the two halves of fine-tuning a pretrained network. */
class TransferLearningTest {
    private static final Tensor X = Tensor.randn(Shape.of(8, 3), 5);
    private static final Tensor Y = Tensor.ofLongs(new long[]{0, 1, 1, 0, 1, 0, 0, 1}, 8);

    private static Sequential model() {
        return new Sequential(new Dense(3, 4, 1), new ReLU(), new Dense(4, 2, 2));
    }

    private static Map<String, double[]> snapshot(Layer m) {
        Map<String, double[]> r = new java.util.LinkedHashMap<>();
        m.parameters().forEach((k, v) -> r.put(k, v.toDoubleArray()));
        return r;
    }

    private static void step(Layer m, Optimizer o) {
        new SparseCategoricalCrossEntropy().compute(m.forward(X), Y).backward();
        o.step();
        o.zeroGrad();
    }

    @Test
    void frozenWeightsStayBitIdenticalUnderTheTrainer() {
        Sequential m = model();
        assertEquals(List.of("0.weight", "0.bias"), Freezing.freeze(m, "0"));
        Map<String, double[]> before = snapshot(m);
        float[] features = new float[24];
        long[] labels = new long[8];
        double[] x = X.toDoubleArray();
        for (int i = 0; i < 24; i++) {
            features[i] = (float) x[i];
        }
        System.arraycopy(Y.toLongArray(), 0, labels, 0, 8);
        // Momentum and weight decay would move a weight with a zero gradient; a frozen one has no gradient at all.
        SGD sgd = new SGD(m.parameters(), 0.1).momentum(0.9).weightDecay(0.01);
        Trainer.builder(m, new SparseCategoricalCrossEntropy(), sgd).epochs(3).batchSize(4).build()
                .fit(new InMemoryDataset(features, Shape.of(3), labels, 2));
        Map<String, double[]> after = snapshot(m);
        assertArrayEquals(before.get("0.weight"), after.get("0.weight"), 0);
        assertArrayEquals(before.get("0.bias"), after.get("0.bias"), 0);
        assertFalse(java.util.Arrays.equals(before.get("2.weight"), after.get("2.weight")), "the head trains");
        assertEquals(List.of("2.weight", "2.bias"), List.copyOf(Freezing.trainable(m).keySet()));
        Freezing.unfreeze(m.children().get("0"));
        assertEquals(4, Freezing.trainable(m).size());
    }

    /** One first step of each optimizer with the lower layer at a tenth of the rate, against the same step at full rate. */
    @Test
    void aGroupAtATenthOfTheRateMovesTenTimesLess() {
        List<Function<Map<String, Tensor>, AbstractOptimizer<?>>> makers = List.of(
                p -> new SGD(p, 0.1), p -> new SGD(p, 0.1).momentum(0.9), p -> new Adam(p, 0.01),
                p -> new AdamW(p, 0.01).weightDecay(0.1), p -> new RMSProp(p, 0.01), p -> new AdaGrad(p, 0.1));
        for (Function<Map<String, Tensor>, AbstractOptimizer<?>> make : makers) {
            for (boolean fused : new boolean[]{true, false}) {
                Sequential full = model();
                Sequential scaled = model();
                Map<String, double[]> start = snapshot(full);
                AbstractOptimizer<?> a = make.apply(full.parameters());
                AbstractOptimizer<?> b = make.apply(scaled.parameters()).learningRateScale("0", 0.1);
                Runnable steps = () -> {
                    step(full, a);
                    step(scaled, b);
                };
                if (fused) {
                    steps.run();
                } else {
                    Kernels.disabledWhile(() -> {
                        steps.run();
                        return null;
                    });
                }
                Map<String, double[]> af = snapshot(full);
                Map<String, double[]> as = snapshot(scaled);
                for (String name : start.keySet()) {
                    double factor = name.startsWith("0.") ? 0.1 : 1;
                    for (int i = 0; i < start.get(name).length; i++) {
                        double moveFull = af.get(name)[i] - start.get(name)[i];
                        double moveScaled = as.get(name)[i] - start.get(name)[i];
                        // Float32 parameters: each stored value is rounded to within half an ulp (< 6e-8 below 1).
                        assertEquals(factor * moveFull, moveScaled, 1e-4 * Math.abs(factor * moveFull) + 2e-7,
                                a.typeId() + (fused ? "" : " (primitive)") + " " + name + "[" + i + "]");
                    }
                }
                assertTrue(java.util.Arrays.stream(af.get("0.weight")).anyMatch(v -> v != 0));
            }
        }
    }

    @Test
    void scalesSaveInTheConfigAndTheLongestPrefixWins() {
        Map<String, Tensor> params = model().parameters();
        SGD sgd = new SGD(params, 0.1).learningRateScale("0", 0.1).learningRateScale("0.bias", 0.5);
        assertEquals(0.01, sgd.learningRate("0.weight"), 1e-15);
        assertEquals(0.05, sgd.learningRate("0.bias"), 1e-15);
        assertEquals(0.1, sgd.learningRate("2.weight"), 1e-15);
        Config spec = Registry.global().spec(sgd);
        SGD rebuilt = (SGD) Registry.global().optimizer(spec, params);
        assertEquals(sgd.config(), rebuilt.config());
        assertEquals(0.05, rebuilt.learningRate("0.bias"), 1e-15);
        sgd.setLearningRate(0.2);
        assertEquals(0.02, sgd.learningRate("0.weight"), 1e-15, "a schedule scales every group");
    }

    @Test
    void prefixesFollowDottedPaths() {
        assertTrue(Freezing.matches("0.weight", "0"));
        assertFalse(Freezing.matches("10.weight", "0"));
        assertFalse(Freezing.matches("10.weight", "1"), "'1' is no prefix of '10' at a dot");
        assertTrue(Freezing.matches("encoder.layers.0.weight", "encoder."));
    }

    @Test
    void unknownPrefixesNameTheParameters() {
        Sequential m = model();
        assertEquals("freeze: prefix '1' matches no parameter of sequential; parameters are [0.weight, 0.bias, 2.weight, 2.bias]",
                assertThrows(IllegalArgumentException.class, () -> Freezing.freeze(m, "1")).getMessage());
        assertEquals("sgd: learning rate scale prefix 'encoder' matches no parameter; parameters are "
                + "[0.weight, 0.bias, 2.weight, 2.bias]", assertThrows(IllegalArgumentException.class,
                () -> new SGD(m.parameters(), 0.1).learningRateScale("encoder", 0.1)).getMessage());
    }
}
