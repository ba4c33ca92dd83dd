package dev.neurite.layers.loss;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradientCheck;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.nn.Loss;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Float64 central differences for every loss and reduction, with respect to predictions (and soft targets). */
class LossGradientTest {
    private static final long N = 4;
    private static final long C = 5;

    private static Tensor uniform(double low, double high, long seed, long... shape) {
        return Tensor.random(Shape.of(shape), DType.FLOAT64, Distribution.UNIFORM, low, high, seed);
    }

    private static Tensor labels() {
        return Tensor.ofLongs(new long[]{0, 3, 4, 1}, N);
    }

    private record Case(String name, Loss loss, Tensor predictions, Tensor targets, boolean targetGradient) {
    }

    private static Stream<Case> cases(Reduction r) {
        Tensor scores = uniform(-3, 3, 1, N, C);
        Tensor values = uniform(-2, 2, 2, N, C);
        // Errors kept away from 0 (|d| and max kinks) and from the Huber switch at delta = 1.
        Tensor offsets = uniform(0.1, 0.9, 3, N, C).add(uniform(0, 1, 4, N, C).gt(0.5).cast(DType.FLOAT64).mul(1.2));
        Tensor probabilities = uniform(0.05, 0.95, 5, N, C);
        Tensor soft = uniform(0, 1, 6, N, C).softmax(-1);
        Tensor logProbabilities = uniform(-2, 2, 7, N, C).logSoftmax(-1);
        return Stream.of(
                new Case("mse", new MeanSquaredError(r), values, values.sub(offsets), true),
                new Case("mae", new MeanAbsoluteError(r), values, values.sub(offsets), true),
                new Case("huber", new Huber(1.0, r), values, values.sub(offsets), true),
                new Case("bce", new BinaryCrossEntropy(r), probabilities, soft, true),
                new Case("bce_logits", new BinaryCrossEntropyWithLogits(r), scores, probabilities, true),
                new Case("categorical_ce", new CategoricalCrossEntropy(r, 0.1), scores, soft, true),
                new Case("sparse_ce", new SparseCategoricalCrossEntropy(r, 0), scores, labels(), false),
                new Case("sparse_ce_smoothing", new SparseCategoricalCrossEntropy(r, 0.2), scores, labels(), false),
                new Case("sparse_ce_primitive", new SparseCategoricalCrossEntropy(r, 0.2).withoutKernel(), scores, labels(), false),
                new Case("nll", new NLLLoss(r), logProbabilities, labels(), false),
                new Case("kl_divergence", new KLDivergence(r, false), logProbabilities, soft, false),
                new Case("kl_divergence_log_target", new KLDivergence(r, true), logProbabilities, soft.log(), true),
                new Case("hinge", new Hinge(1.0, r), scores, labels(), false));
    }

    @TestFactory
    Stream<DynamicTest> lossesPassGradientCheck() {
        return Stream.of(Reduction.MEAN, Reduction.SUM, Reduction.NONE).flatMap(r -> cases(r).map(c ->
                DynamicTest.dynamicTest(c.name() + " " + r.id(), () -> {
                    // Targets are checked too where the loss defines their gradient; otherwise passed through as constants.
                    List<Tensor> inputs = c.targetGradient() ? List.of(c.predictions(), c.targets()) : List.of(c.predictions());
                    GradientCheck.assertGradients(in -> c.loss().compute(in.get(0),
                            c.targetGradient() ? in.get(1) : c.targets()), inputs);
                })));
    }

    @Test
    void sparseKernelAndPrimitivePathsAgree() {
        Tensor scores = uniform(-3, 3, 1, N, C).cast(DType.FLOAT32);
        for (double eps : new double[]{0, 0.1}) {
            Tensor a = scores.detach().requiresGrad(true);
            Tensor b = scores.detach().requiresGrad(true);
            Tensor fused = new SparseCategoricalCrossEntropy(Reduction.NONE, eps).compute(a, labels());
            Tensor primitive = new SparseCategoricalCrossEntropy(Reduction.NONE, eps).withoutKernel().compute(b, labels());
            assertArrayEquals(primitive.toFloatArray(), fused.toFloatArray(), 1e-5f);
            fused.sum().backward();
            primitive.sum().backward();
            assertArrayEquals(b.grad().toFloatArray(), a.grad().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void sparseAndOneHotCategoricalAgree() {
        Tensor scores = uniform(-3, 3, 1, N, C);
        double sparse = new SparseCategoricalCrossEntropy(Reduction.MEAN, 0.1).compute(scores, labels()).item();
        double dense = new CategoricalCrossEntropy(Reduction.MEAN, 0.1).compute(scores, labels().oneHot((int) C).cast(DType.FLOAT64)).item();
        assertEquals(dense, sparse, 1e-12);
    }

    @Test
    void higherRankScoresPutClassesLast() {
        Tensor scores = uniform(-3, 3, 1, 2, 2, C);
        Tensor seqLabels = Tensor.ofLongs(new long[]{0, 3, 4, 1}, 2, 2);
        Tensor perToken = new SparseCategoricalCrossEntropy(Reduction.NONE, 0).compute(scores, seqLabels);
        assertEquals(Shape.of(2, 2), perToken.shape());
        Tensor flat = new SparseCategoricalCrossEntropy(Reduction.NONE, 0).compute(scores.reshape(N, C), labels());
        assertArrayEquals(flat.toDoubleArray(), perToken.toDoubleArray(), 1e-12);
    }

    @Test
    void batchMeanIsSumOverBatch() {
        Tensor logq = uniform(-2, 2, 7, N, C).logSoftmax(-1);
        Tensor p = uniform(0, 1, 6, N, C).softmax(-1);
        double sum = new KLDivergence(Reduction.SUM, false).compute(logq, p).item();
        assertEquals(sum / N, new KLDivergence(Reduction.BATCHMEAN, false).compute(logq, p).item(), 1e-12);
    }
}
