package dev.neurite.layers;

import dev.neurite.api.Generator;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Loss;
import dev.neurite.api.nn.Optimizer;
import dev.neurite.api.nn.Sequential;
import dev.neurite.layers.activation.ReLU;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.loss.SparseCategoricalCrossEntropy;
import dev.neurite.layers.optim.Adam;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End-to-end: the sanity checks a practitioner runs first. (The perceptron and XOR experiments live in
 * {@code dev.neurite.layers.classic.PerceptronTest}.)
 */
class LearningTest {
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
