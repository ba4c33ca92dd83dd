package dev.neurite.layers.loss;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Loss;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad targets fail with an IllegalArgumentException that names the loss and both shapes or the dtype. */
class LossValidationTest {

    private static void assertRejected(Loss loss, Tensor predictions, Tensor targets, String... mentions) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loss.compute(predictions, targets));
        assertTrue(e.getMessage().contains(loss.typeId()), e.getMessage());
        for (String m : mentions) {
            assertTrue(e.getMessage().contains(m), "'" + m + "' missing from: " + e.getMessage());
        }
    }

    @Test
    void elementwiseLossesNeedTargetsOfTheSameShape() {
        for (Loss loss : List.of(new MeanSquaredError(), new MeanAbsoluteError(), new Huber(), new BinaryCrossEntropy(),
                new BinaryCrossEntropyWithLogits(), new CategoricalCrossEntropy(), new KLDivergence())) {
            assertRejected(loss, Tensor.zeros(4, 3), Tensor.zeros(4, 1), "[4, 3]", "[4, 1]");
            assertRejected(loss, Tensor.zeros(4), Tensor.zeros(4, 1), "[4]", "[4, 1]");
            assertRejected(loss, Tensor.zeros(4, 3), Tensor.zeros(Shape.of(4, 3), DType.INT64), "int64");
        }
    }

    @Test
    void classIndexedLossesNeedInt64LabelsInRange() {
        for (Loss loss : List.of(new SparseCategoricalCrossEntropy(), new NLLLoss(), new Hinge())) {
            assertRejected(loss, Tensor.zeros(4, 3), Tensor.ofLongs(new long[]{0, 1, 2}, 3), "[4, 3]", "[3]");
            assertRejected(loss, Tensor.zeros(4, 3), Tensor.zeros(4), "float32");
            assertRejected(loss, Tensor.zeros(4, 3), Tensor.ofLongs(new long[]{0, 1, 3, 2}, 4), "3", "out of range");
            assertRejected(loss, Tensor.zeros(4, 3), Tensor.ofLongs(new long[]{0, -1, 1, 2}, 4), "-1");
        }
    }

    @Test
    void integerPredictionsAreRejected() {
        assertRejected(new MeanSquaredError(), Tensor.zeros(Shape.of(3), DType.INT64), Tensor.zeros(3), "int64");
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Huber(0, Reduction.MEAN));
        assertThrows(IllegalArgumentException.class, () -> new SparseCategoricalCrossEntropy(Reduction.MEAN, 1.5));
        assertThrows(IllegalArgumentException.class, () -> Reduction.fromId("average"));
    }

    @Test
    void binaryCrossEntropyIsFiniteAtZeroAndOne() {
        Tensor p = Tensor.of(new float[]{0, 1, 0, 1}).requiresGrad(true);
        Tensor y = Tensor.of(new float[]{1, 0, 0, 1});
        Tensor loss = new BinaryCrossEntropy(Reduction.NONE).compute(p, y);
        assertArrayEquals(new float[]{100, 100, 0, 0}, loss.toFloatArray(), 1e-6f);
        loss.sum().backward();
        for (float g : p.grad().toFloatArray()) {
            assertTrue(Float.isFinite(g), p.grad().toString());
        }
    }
}
