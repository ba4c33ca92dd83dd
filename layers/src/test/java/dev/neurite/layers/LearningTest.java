package dev.neurite.layers;

import dev.neurite.api.Generator;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Loss;
import dev.neurite.api.nn.Optimizer;
import dev.neurite.api.nn.Sequential;
import dev.neurite.layers.activation.ReLU;
import dev.neurite.layers.activation.Sigmoid;
import dev.neurite.layers.activation.Step;
import dev.neurite.layers.activation.Tanh;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.init.Initializers;
import dev.neurite.layers.loss.BinaryCrossEntropy;
import dev.neurite.layers.loss.SparseCategoricalCrossEntropy;
import dev.neurite.layers.optim.Adam;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** End-to-end: the course's classic learning experiments and the sanity checks a practitioner runs first. */
class LearningTest {
    private static final Tensor INPUTS = Tensor.of(new float[]{0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);

    /**
     * The perceptron rule {@code w <- w + eta (y - yhat) x} on a step unit, written with tensor ops; returns the
     * accuracy after {@code epochs} passes over the four points.
     */
    @SuppressWarnings("try")
    private static double perceptronAccuracy(float[] labels, int epochs) {
        Dense unit = new Dense(2, 1, true, Initializers.zeros(), Initializers.zeros(), dev.neurite.api.DType.FLOAT32, 0);
        Step step = new Step();
        Tensor y = Tensor.of(labels, 4, 1);
        double eta = 0.1;
        try (GradMode.Guard g = GradMode.noGrad()) {
            for (int epoch = 0; epoch < epochs; epoch++) {
                for (int i = 0; i < 4; i++) {
                    Tensor x = INPUTS.slice(0, i, i + 1);
                    Tensor error = y.slice(0, i, i + 1).sub(step.forward(unit.forward(x)));
                    unit.weight().addInPlace(error.mul(x).mul(eta));
                    unit.bias().addInPlace(error.reshape(1).mul(eta));
                }
            }
            return accuracy(step.forward(unit.forward(INPUTS)), y);
        }
    }

    private static double accuracy(Tensor predictions, Tensor labels) {
        return predictions.eq(labels).cast(dev.neurite.api.DType.FLOAT32).mean().item();
    }

    @Test
    void perceptronLearnsAndAndOrButNotXor() {
        assertEquals(1.0, perceptronAccuracy(new float[]{0, 0, 0, 1}, 20));
        assertEquals(1.0, perceptronAccuracy(new float[]{0, 1, 1, 1}, 20));
        assertTrue(perceptronAccuracy(new float[]{0, 1, 1, 0}, 100) < 1.0);
    }

    @SuppressWarnings("try") // the scope frees what the body allocates
    private static double train(Layer model, Loss loss, Optimizer optimizer, Tensor x, Tensor y, int steps) {
        double last = Double.NaN;
        for (int i = 0; i < steps; i++) {
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor l = loss.compute(model.forward(x), y);
                l.backward();
                optimizer.step();
                optimizer.zeroGrad();
                last = l.item();
            }
        }
        return last;
    }

    @Test
    void twoLayerPerceptronLearnsXor() {
        Generator g = new Generator(2026);
        Sequential mlp = new Sequential(new Dense(2, 8, g), new Tanh(), new Dense(8, 1, g), new Sigmoid());
        Tensor y = Tensor.of(new float[]{0, 1, 1, 0}, 4, 1);
        double loss = train(mlp, new BinaryCrossEntropy(), new Adam(mlp.parameters(), 0.05), INPUTS, y, 300);
        assertTrue(loss < 0.05, "final loss " + loss);
        assertEquals(1.0, accuracy(mlp.forward(INPUTS).gt(0.5).cast(dev.neurite.api.DType.FLOAT32), y));
    }

    private static Sequential classifier(long in, long classes, Generator g) {
        return new Sequential(new Dense(in, 64, g), new ReLU(), new Dense(64, classes, g));
    }

    @Test
    void initialSoftmaxLossIsAboutLogC() {
        Sequential model = classifier(20, 10, new Generator(5));
        Tensor x = Tensor.randn(Shape.of(512, 20), 3);
        Tensor labels = Tensor.random(Shape.of(512), dev.neurite.api.DType.FLOAT32, dev.neurite.api.backend.Distribution.UNIFORM,
                0, 10, 4).floor().cast(dev.neurite.api.DType.INT64);
        double loss = new SparseCategoricalCrossEntropy().compute(model.forward(x), labels).item();
        assertEquals(SparseCategoricalCrossEntropy.chanceLevel(10), loss, 0.1);
    }

    @Test
    void overfitsOneBatchToFullAccuracy() {
        Sequential model = classifier(20, 5, new Generator(6));
        Tensor x = Tensor.randn(Shape.of(32, 20), 7);
        long[] classes = new long[32];
        Generator g = new Generator(8);
        for (int i = 0; i < classes.length; i++) {
            classes[i] = g.nextInt(5);
        }
        Tensor labels = Tensor.ofLongs(classes, 32);
        double loss = train(model, new SparseCategoricalCrossEntropy(), new Adam(model.parameters(), 0.01), x, labels, 150);
        assertTrue(loss < 0.05, "final loss " + loss);
        assertEquals(1.0, model.forward(x).argmax(-1).eq(labels).cast(dev.neurite.api.DType.FLOAT32).mean().item());
    }
}
