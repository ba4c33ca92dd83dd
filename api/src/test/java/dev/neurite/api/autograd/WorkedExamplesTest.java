package dev.neurite.api.autograd;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The course material's computational-graph examples, by hand. */
class WorkedExamplesTest {
    private static Tensor leaf(double v) {
        return Tensor.of(DType.FLOAT64, new double[]{v}).requiresGrad(true);
    }

    @Test
    void addDistributesMulSwitches() {
        Tensor x = leaf(1);
        Tensor y = leaf(-3);
        Tensor z = leaf(4);
        Tensor f = x.add(y).mul(z);
        f.backward();
        assertEquals(-8, f.item(), 0);
        assertEquals(4, x.grad().item(), 1e-12);
        assertEquals(4, y.grad().item(), 1e-12);
        assertEquals(-2, z.grad().item(), 1e-12);
    }

    @Test
    void sigmoidNeuron() {
        Tensor w0 = leaf(2);
        Tensor x0 = leaf(-1);
        Tensor w1 = leaf(-3);
        Tensor x1 = leaf(-2);
        Tensor w2 = leaf(-3);
        Tensor f = w0.mul(x0).add(w1.mul(x1)).add(w2).sigmoid();
        f.backward();
        assertEquals(0.73, f.item(), 0.005);
        assertEquals(-0.20, w0.grad().item(), 0.005);
        assertEquals(0.39, x0.grad().item(), 0.005);
        assertEquals(-0.39, w1.grad().item(), 0.005);
        assertEquals(-0.59, x1.grad().item(), 0.005);
        assertEquals(0.20, w2.grad().item(), 0.005);
    }

    @Test
    void maxRoutesTheGradient() {
        Tensor a = leaf(3);
        Tensor b = leaf(5);
        a.maximum(b).mul(2).backward();
        assertEquals(0, a.grad().item(), 0);
        assertEquals(2, b.grad().item(), 0);
    }

    @Test
    void oneNeuronBackprop() {
        Tensor w1 = leaf(1.0 / 3);
        Tensor w2 = leaf(2);
        Tensor x = Tensor.of(DType.FLOAT64, new double[]{1});
        Tensor yhat = w2.mul(x.mul(w1).relu());
        Tensor loss = yhat.sub(0).square();
        loss.backward();
        assertEquals(2.0 / 3, yhat.item(), 1e-12);
        assertEquals(4.0 / 9, loss.item(), 1e-12);
        assertEquals(4.0 / 9, w2.grad().item(), 1e-12);
        assertEquals(8.0 / 3, w1.grad().item(), 1e-12);
    }

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Tensor w = leaf(3);
        w.mul(2).backward();
        w.mul(5).backward();
        assertEquals(7, w.grad().item(), 0);
        w.zeroGrad();
        assertNull(w.grad());
    }

    @Test
    void noGradRecordsNothingAndDetachCutsTheTape() {
        Tensor w = leaf(3);
        try (GradMode.Guard g = GradMode.noGrad()) {
            Tensor y = w.mul(2);
            assertEquals(false, y.requiresGrad());
        }
        Tensor d = w.mul(2).detach();
        assertEquals(false, d.requiresGrad());
        assertThrows(IllegalStateException.class, d::backward);
    }

    @Test
    void retainedIntermediateGradient() {
        Tensor x = leaf(2);
        Tensor h = x.square().retainGrad();
        h.mul(3).backward();
        assertEquals(3, h.grad().item(), 0);
        assertEquals(12, x.grad().item(), 0);
    }

    @Test
    void linearModelPrediction() {
        Tensor xs = Tensor.of(DType.FLOAT64, new double[]{1, 25, 50, 2, 50, 1, -10, 50, 0, 10}, 2, 5);
        Tensor theta = Tensor.of(DType.FLOAT64, new double[]{0.2, 0.64, 0, 1, 0.14}, 5, 1);
        double[] y = xs.matmul(theta).toDoubleArray();
        assertEquals(25.2, y[0], 1e-9);
        assertEquals(-4.8, y[1], 1e-9);
    }

    @Test
    void explodingAndVanishingProducts() {
        Tensor big = Tensor.full(dev.neurite.api.Shape.of(100), 1.5, DType.FLOAT64);
        Tensor small = Tensor.full(dev.neurite.api.Shape.of(100), 0.8, DType.FLOAT64);
        assertEquals(4.07e17, Math.exp(big.log().sum().item()), 0.01e17);
        assertEquals(2.04e-10, Math.exp(small.log().sum().item()), 0.01e-10);
    }
}
