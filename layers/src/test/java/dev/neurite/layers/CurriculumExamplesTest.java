package dev.neurite.layers;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Sequential;
import dev.neurite.layers.activation.Sigmoid;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.loss.BinaryCrossEntropy;
import dev.neurite.layers.loss.BinaryCrossEntropyWithLogits;
import dev.neurite.layers.loss.MeanAbsoluteError;
import dev.neurite.layers.loss.MeanSquaredError;
import dev.neurite.layers.loss.Reduction;
import dev.neurite.layers.schedule.InverseTimeDecay;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The worked examples of the course material (CURRICULUM.md), as known-answer tests. */
class CurriculumExamplesTest {

    @Test
    void sigmoidPlusBinaryCrossEntropyGradientIsPredictionMinusLabel() {
        double expected = 1 / (1 + Math.exp(-2)) - 1;
        Tensor z = Tensor.of(DType.FLOAT64, new double[]{2}, 1).requiresGrad(true);
        new BinaryCrossEntropy().compute(new Sigmoid().forward(z), Tensor.of(DType.FLOAT64, new double[]{1}, 1)).backward();
        assertEquals(expected, z.grad().item(), 1e-6);

        Tensor logits = Tensor.of(new float[]{2}, 1).requiresGrad(true);
        new BinaryCrossEntropyWithLogits().compute(logits, Tensor.of(new float[]{1}, 1)).backward();
        assertEquals(expected, logits.grad().item(), 1e-6);
    }

    @Test
    void binaryCrossEntropyOfThreePredictions() {
        Tensor p = Tensor.of(new float[]{0.1f, 0.8f, 0.6f});
        Tensor y = Tensor.of(new float[]{1, 0, 1});
        assertEquals(1.474283, new BinaryCrossEntropy().compute(p, y).item(), 1e-6);
    }

    @Test
    void meanSquaredErrorOfThreePredictions() {
        Tensor p = Tensor.of(new float[]{30, 80, 85});
        Tensor y = Tensor.of(new float[]{90, 20, 95});
        assertEquals(2433.33, new MeanSquaredError().compute(p, y).item(), 0.01);
    }

    @Test
    void l1AndL2DistancesOfTwoRows() {
        Tensor a = Tensor.of(new float[]{12, 24, 42, 23});
        Tensor b = Tensor.of(new float[]{15, 20, 40, 25});
        assertEquals(33, new MeanSquaredError(Reduction.SUM).compute(a, b).item(), 1e-6);
        assertEquals(11, new MeanAbsoluteError(Reduction.SUM).compute(a, b).item(), 1e-6);
    }

    @Test
    void sigmoidNeuron() {
        // w0 = 1 (bias), W = [3, -2], x = [-1, 2]: sigmoid(1 - 3 - 4) = sigmoid(-6).
        Dense neuron = new Dense(2, 1, 0L);
        setWeights(neuron, new double[]{3, -2}, new double[]{1});
        Tensor out = new Sigmoid().forward(neuron.forward(Tensor.of(new float[]{-1, 2}, 1, 2)));
        assertEquals(0.0024726, out.item(), 1e-7);
    }

    @Test
    void oneNeuronBackprop() {
        // yhat = w2 * relu(x w1), x = 1, y = 0, w1 = 1/3, w2 = 2, L = (yhat - y)^2.
        Tensor w1 = Tensor.of(DType.FLOAT64, new double[]{1.0 / 3}, 1).requiresGrad(true);
        Tensor w2 = Tensor.of(DType.FLOAT64, new double[]{2}, 1).requiresGrad(true);
        Tensor x = Tensor.of(DType.FLOAT64, new double[]{1}, 1);
        Tensor yhat = w2.mul(x.mul(w1).relu());
        Tensor loss = new MeanSquaredError().compute(yhat, Tensor.of(DType.FLOAT64, new double[]{0}, 1));
        assertEquals(2.0 / 3, yhat.item(), 1e-12);
        assertEquals(4.0 / 9, loss.item(), 1e-12);
        loss.backward();
        assertEquals(4.0 / 9, w2.grad().item(), 1e-12);
        assertEquals(8.0 / 3, w1.grad().item(), 1e-12);
    }

    @Test
    void graphOfSumTimesProduct() {
        Tensor x = Tensor.of(DType.FLOAT64, new double[]{1}, 1).requiresGrad(true);
        Tensor y = Tensor.of(DType.FLOAT64, new double[]{-3}, 1).requiresGrad(true);
        Tensor z = Tensor.of(DType.FLOAT64, new double[]{4}, 1).requiresGrad(true);
        Tensor f = x.add(y).mul(z);
        assertEquals(-8, f.item());
        f.sum().backward();
        assertEquals(4, x.grad().item());
        assertEquals(4, y.grad().item());
        assertEquals(-2, z.grad().item());
    }

    @Test
    void sigmoidNeuronGradients() {
        // f = sigmoid(w0 x0 + w1 x1 + w2) at w0 = 2, x0 = -1, w1 = -3, x1 = -2, w2 = -3.
        Tensor w = Tensor.of(DType.FLOAT64, new double[]{2, -3}, 1, 2).requiresGrad(true);
        Tensor b = Tensor.of(DType.FLOAT64, new double[]{-3}, 1).requiresGrad(true);
        Tensor x = Tensor.of(DType.FLOAT64, new double[]{-1, -2}, 1, 2).requiresGrad(true);
        Tensor f = new Sigmoid().forward(x.matmul(w, false, true).add(b));
        assertEquals(0.73, f.item(), 0.005);
        f.sum().backward();
        double[] dw = w.grad().toDoubleArray();
        double[] dx = x.grad().toDoubleArray();
        assertEquals(-0.2, dw[0], 0.005);
        assertEquals(0.39, dx[0], 0.005);
        assertEquals(-0.39, dw[1], 0.005);
        assertEquals(-0.59, dx[1], 0.005);
        assertEquals(0.2, b.grad().item(), 0.005);
    }

    @Test
    void inverseTimeLearningRateDecay() {
        InverseTimeDecay decay = new InverseTimeDecay(1);
        double[] expected = {0.1, 0.05, 0.0333, 0.025};
        for (int epoch = 0; epoch < expected.length; epoch++) {
            assertEquals(expected[epoch], decay.rate(0.1, epoch, 0), 1e-4);
        }
    }

    @Test
    void parameterCounts() {
        assertEquals(529_411, count(mlp(2, 1024, 512, 3)));
        assertEquals(26, count(mlp(3, 4, 2)));
        assertEquals(41, count(mlp(3, 4, 4, 1)));
    }

    static Sequential mlp(long... sizes) {
        Generator g = new Generator(7);
        Sequential s = new Sequential();
        for (int i = 0; i + 1 < sizes.length; i++) {
            s.add(new Dense(sizes[i], sizes[i + 1], g));
        }
        return s;
    }

    static long count(Layer model) {
        return model.parameters().values().stream().mapToLong(Tensor::numel).sum();
    }

    @SuppressWarnings("try")
    static void setWeights(Dense layer, double[] weight, double[] bias) {
        try (var g = dev.neurite.api.autograd.GradMode.noGrad()) {
            layer.weight().copyFrom(Tensor.of(DType.FLOAT64, weight, layer.weight().shape().toArray()));
            if (bias != null) {
                layer.bias().copyFrom(Tensor.of(DType.FLOAT64, bias, layer.bias().shape().toArray()));
            }
        }
    }
}
