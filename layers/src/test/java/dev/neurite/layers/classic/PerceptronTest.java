package dev.neurite.layers.classic;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Optimizer;
import dev.neurite.api.nn.Sequential;
import dev.neurite.layers.activation.Sigmoid;
import dev.neurite.layers.activation.Tanh;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.loss.BinaryCrossEntropy;
import dev.neurite.layers.optim.Adam;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The course's first experiment: the perceptron rule learns AND and OR, never XOR; a hidden layer does. */
class PerceptronTest {
    private static final Tensor INPUTS = Tensor.of(new float[]{0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
    private static final Tensor AND = Tensor.of(new float[]{0, 0, 0, 1}, 4);
    private static final Tensor OR = Tensor.of(new float[]{0, 1, 1, 1}, 4);
    private static final Tensor XOR = Tensor.of(new float[]{0, 1, 1, 0}, 4);

    @Test
    void learnsAndAndOrToFullAccuracy() {
        for (Tensor labels : new Tensor[]{AND, OR}) {
            Perceptron p = new Perceptron(2, 0.1);
            Perceptron.Result r = p.fit(INPUTS, labels, 100);
            assertTrue(r.converged(), r.toString());
            assertEquals(0, r.mistakesInLastEpoch());
            assertEquals(1.0, r.accuracy());
            assertArrayEquals(labels.toFloatArray(), p.predict(INPUTS).toFloatArray());
        }
    }

    /**
     * AND by hand, zero start, examples in order, step(0) = 0. With eta = 1 (exact in float32): epoch 1 errs on
     * (1,1) -> w = (1,1), b = 1; epoch 2 errs on (0,0), (0,1), (1,1) -> w = (2,1), b = 0; epoch 3 errs on (0,1), (1,0),
     * (1,1) -> w = (2,1), b = -1; epoch 4 errs on (1,0), (1,1) -> w = (2,2), b = -1; epoch 5 errs on (0,1) ->
     * w = (2,1), b = -2; epoch 6 is clean. From a zero start the rule is scale-free in eta: eta = 0.5 halves everything.
     */
    @Test
    void andWeightsFollowTheRuleByHand() {
        Perceptron p = new Perceptron(2, 1);
        Perceptron.Result r = p.fit(INPUTS, AND, 100);
        assertEquals(6, r.epochs());
        assertArrayEquals(new double[]{2, 1}, p.weight().toDoubleArray());
        assertEquals(-2, p.bias().item());

        Perceptron half = new Perceptron(2, 0.5);
        assertEquals(6, half.fit(INPUTS, AND, 100).epochs());
        assertArrayEquals(new double[]{1, 0.5}, half.weight().toDoubleArray());
        assertEquals(-1, half.bias().item());
    }

    @Test
    void neverSeparatesXor() {
        Perceptron.Result r = new Perceptron(2, 0.1).fit(INPUTS, XOR, 100);
        assertFalse(r.converged(), r.toString());
        assertEquals(100, r.epochs());
        assertTrue(r.mistakesInLastEpoch() > 0);
        assertTrue(r.accuracy() < 1.0, r.toString());
    }

    @Test
    @SuppressWarnings("try") // the scope frees what the body allocates
    void twoLayerPerceptronLearnsXor() {
        Generator g = new Generator(2026);
        Sequential mlp = new Sequential(new Dense(2, 8, g), new Tanh(), new Dense(8, 1, g), new Sigmoid());
        Tensor y = XOR.reshape(4, 1);
        Optimizer adam = new Adam(mlp.parameters(), 0.05);
        double loss = Double.NaN;
        for (int i = 0; i < 300; i++) {
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor l = new BinaryCrossEntropy().compute(mlp.forward(INPUTS), y);
                l.backward();
                adam.step();
                adam.zeroGrad();
                loss = l.item();
            }
        }
        assertTrue(loss < 0.05, "final loss " + loss);
        assertEquals(1.0, mlp.forward(INPUTS).gt(0.5).cast(DType.FLOAT32).eq(y).cast(DType.FLOAT32).mean().item());
    }

    @Test
    void theTrainedUnitIsAModel() {
        Perceptron p = new Perceptron(2, 0.1);
        p.fit(INPUTS, OR, 100);
        assertArrayEquals(OR.toFloatArray(), p.model().forward(INPUTS).reshape(-1).toFloatArray());
    }

    @Test
    void rejectsNonBinaryTargetsAndWrongShapes() {
        Perceptron p = new Perceptron(2, 0.1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.fit(INPUTS, Tensor.of(new float[]{0, 2, 1, 0}, 4), 10));
        assertTrue(e.getMessage().contains("perceptron: expected 0/1 targets"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.fit(Tensor.zeros(4, 3), AND, 10));
        assertTrue(e.getMessage().contains("expected 2 features"), e.getMessage());
    }
}
