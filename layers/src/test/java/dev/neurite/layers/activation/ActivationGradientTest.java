package dev.neurite.layers.activation;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradientCheck;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.nn.Layer;
import dev.neurite.layers.FiniteDifference;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Float64 central differences for every activation; inputs avoid the kink at 0, where the derivative is a choice. */
class ActivationGradientTest {

    /** Values in [-3, 3] with none closer to 0 than 0.05. */
    static Tensor input(long seed, long... shape) {
        Tensor u = Tensor.random(Shape.of(shape), DType.FLOAT64, Distribution.UNIFORM, 0.05, 3, seed);
        Tensor sign = Tensor.random(Shape.of(shape), DType.FLOAT64, Distribution.BERNOULLI, 0.5, 0, seed + 1).mul(2).sub(1);
        return u.mul(sign);
    }

    @TestFactory
    Stream<DynamicTest> activationsPassGradientCheck() {
        Map<String, Layer> layers = Map.ofEntries(
                Map.entry("relu", new ReLU()), Map.entry("leaky_relu", new LeakyReLU(0.2)), Map.entry("elu", new ELU(0.7)),
                Map.entry("gelu", new GELU()), Map.entry("gelu_tanh", new GELU(true)), Map.entry("sigmoid", new Sigmoid()),
                Map.entry("tanh", new Tanh()), Map.entry("softmax", new Softmax()), Map.entry("softmax_axis0", new Softmax(0)),
                Map.entry("log_softmax", new LogSoftmax()), Map.entry("swish", new Swish()),
                Map.entry("prelu", new PReLU(1, 0.3, DType.FLOAT64)), Map.entry("flatten", new dev.neurite.layers.core.Flatten(0)));
        return layers.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () ->
                GradientCheck.assertGradients(in -> e.getValue().forward(in.get(0)), List.of(input(11, 3, 5)))));
    }

    @Test
    void preluSlopesPassGradientCheck() {
        PReLU prelu = new PReLU(3, 0.25, DType.FLOAT64);
        Tensor x = input(5, 2, 3, 4).requiresGrad(true);
        FiniteDifference.assertGradients(() -> prelu.forward(x), List.of(x, prelu.parameters().get("weight")), 1e-6, 1e-6);
    }

    @Test
    void stepIsNotDifferentiable() {
        Tensor x = Tensor.of(new float[]{-1, 0, 0.5f, 2}).requiresGrad(true);
        Tensor y = new Step().forward(x);
        assertArrayEquals(new float[]{0, 0, 1, 1}, y.toFloatArray());
        assertFalse(y.requiresGrad());
    }

    @Test
    void eluDoesNotOverflowIntoNaNGradients() {
        Tensor x = Tensor.of(new float[]{-200, 100, 200}).requiresGrad(true);
        new ELU().forward(x).sum().backward();
        assertArrayEquals(new float[]{0, 1, 1}, x.grad().toFloatArray(), 1e-6f);
    }

    @Test
    void functionalHelpersMatchLayers() {
        Tensor x = input(3, 4, 4);
        assertArrayEquals(new GELU().forward(x).toDoubleArray(), Activations.gelu(x).toDoubleArray());
        assertArrayEquals(new Swish().forward(x).toDoubleArray(), Activations.swish(x).toDoubleArray());
        assertArrayEquals(new LeakyReLU().forward(x).toDoubleArray(), Activations.leakyRelu(x, 0.01).toDoubleArray());
    }
}
