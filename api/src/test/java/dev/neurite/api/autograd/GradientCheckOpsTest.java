package dev.neurite.api.autograd;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static dev.neurite.api.autograd.GradientCheck.assertGradients;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every differentiable op of {@link Tensor} against central finite differences in float64. */
class GradientCheckOpsTest {
    private static Tensor rnd(long seed, long... shape) {
        return Tensor.randn(Shape.of(shape), seed).cast(DType.FLOAT64);
    }

    /** Values bounded away from 0 (log, sqrt, division, pow). */
    private static Tensor positive(long seed, long... shape) {
        return Tensor.rand(Shape.of(shape), seed).cast(DType.FLOAT64).add(0.5);
    }

    private static void check1(Function<Tensor, Tensor> f, Tensor x) {
        assertGradients(in -> f.apply(in.get(0)), List.of(x));
    }

    private static void check2(java.util.function.BiFunction<Tensor, Tensor, Tensor> f, Tensor a, Tensor b) {
        assertGradients(in -> f.apply(in.get(0), in.get(1)), List.of(a, b));
    }

    @Test
    void binaryOpsWithBroadcasting() {
        check2(Tensor::add, rnd(1, 2, 3), rnd(2, 3));
        check2(Tensor::sub, rnd(3, 2, 1), rnd(4, 1, 3));
        check2(Tensor::mul, rnd(5, 4, 3), rnd(6, 4, 1));
        check2(Tensor::div, rnd(7, 2, 3), positive(8, 3));
        check2(Tensor::pow, positive(9, 2, 3), rnd(10, 2, 3));
        check2(Tensor::maximum, rnd(11, 3, 4), rnd(12, 3, 4));
        check2(Tensor::minimum, rnd(13, 3, 4), rnd(14, 4));
    }

    @Test
    void scalarOps() {
        check1(x -> x.add(2), rnd(20, 3));
        check1(x -> x.sub(2), rnd(21, 3));
        check1(x -> x.mul(-3), rnd(22, 3));
        check1(x -> x.div(4), rnd(23, 3));
        check1(x -> x.pow(3), rnd(24, 3));
        check1(x -> x.pow(0.5), positive(25, 3));
        check1(x -> x.clamp(-0.5, 0.5), Tensor.of(new double[]{-1, -0.2, 0.1, 0.3, 0.9}));
    }

    @Test
    void unaryOps() {
        Tensor x = rnd(30, 2, 4);
        Tensor p = positive(31, 2, 4);
        check1(Tensor::neg, x);
        check1(Tensor::exp, x);
        check1(Tensor::log, p);
        check1(Tensor::log1p, p);
        check1(Tensor::sqrt, p);
        check1(Tensor::square, x);
        check1(Tensor::reciprocal, p);
        check1(Tensor::tanh, x);
        check1(Tensor::sigmoid, x);
        check1(Tensor::softplus, x);
        check1(Tensor::erf, x);
        check1(Tensor::sin, x);
        check1(Tensor::cos, x);
        // abs and relu are not differentiable at 0: keep inputs away from it.
        check1(Tensor::abs, Tensor.of(new double[]{-2, -0.5, 0.25, 1.5}));
        check1(Tensor::relu, Tensor.of(new double[]{-2, -0.5, 0.25, 1.5}));
    }

    @Test
    void reductions() {
        Tensor x = rnd(40, 2, 3, 4);
        check1(Tensor::sum, x);
        check1(t -> t.sum(1, false), x);
        check1(t -> t.sum(new int[]{0, 2}, true), x);
        check1(Tensor::mean, x);
        check1(t -> t.mean(-1, true), x);
        check1(t -> t.max(1, false), x);
        check1(t -> t.min(2, true), x);
        check1(t -> t.variance(0, false), x);
        check1(t -> t.softmax(-1), x);
        check1(t -> t.logSoftmax(1), x);
    }

    @Test
    void matmulVariants() {
        check2(Tensor::matmul, rnd(50, 3, 4), rnd(51, 4, 5));
        check2((a, b) -> a.matmul(b, true, false), rnd(52, 4, 3), rnd(53, 4, 5));
        check2((a, b) -> a.matmul(b, false, true), rnd(54, 3, 4), rnd(55, 5, 4));
        check2((a, b) -> a.matmul(b, true, true), rnd(56, 4, 3), rnd(57, 5, 4));
        check2(Tensor::matmul, rnd(58, 2, 3, 4), rnd(59, 2, 4, 5));
        check2((a, b) -> a.matmul(b, false, true), rnd(60, 2, 3, 4), rnd(61, 2, 5, 4));
        check2(Tensor::matmul, rnd(62, 2, 3, 4), rnd(63, 4, 5));
    }

    @Test
    void shapeOps() {
        Tensor x = rnd(70, 2, 3, 4);
        check1(t -> t.reshape(6, 4), x);
        check1(t -> t.flatten(1), x);
        check1(t -> t.permute(2, 0, 1), x);
        check1(t -> t.transpose(0, 2), x);
        check1(t -> t.slice(2, 1, 3), x);
        check1(t -> t.slice(2, 0, 4, 2), x);
        check1(t -> t.slice(1, -2, 3), x);
        check1(t -> t.pad(new long[][]{{0, 0}, {1, 2}, {0, 1}}, 0), x);
        check1(t -> t.broadcastTo(Shape.of(5, 2, 3, 4)), x);
        check1(t -> t.unsqueeze(1).squeeze(1), x);
        check2((a, b) -> Tensor.concat(List.of(a, b), 1), rnd(71, 2, 3), rnd(72, 2, 5));
        check2((a, b) -> Tensor.stack(List.of(a, b), 0), rnd(73, 2, 3), rnd(74, 2, 3));
        check1(t -> t.split(2, 1).get(1), rnd(75, 3, 5));
    }

    @Test
    void gatherAndWhere() {
        Tensor idx = Tensor.ofLongs(new long[]{2, 0, 2, 1}, 2, 2);
        assertGradients(in -> in.get(0).gather(0, in.get(1)), List.of(rnd(80, 3, 4), idx));
        assertGradients(in -> in.get(0).gather(1, in.get(1)), List.of(rnd(81, 2, 3), idx));
        Tensor cond = Tensor.ofLongs(new long[]{1, 0, 1}, 3).cast(DType.BOOL);
        check2((a, b) -> Tensor.where(cond, a, b), rnd(82, 2, 3), rnd(83, 3));
    }

    @Test
    void castKeepsGradientFlowing() {
        // Finite differences through float32 rounding are meaningless, so this one is checked by hand.
        Tensor x = rnd(90, 3).requiresGrad(true);
        x.cast(DType.FLOAT32).mul(3).sum().backward();
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[]{3, 3, 3}, x.grad().toDoubleArray(), 0);
        org.junit.jupiter.api.Assertions.assertEquals(DType.FLOAT64, x.grad().dtype());
    }

    @Test
    void compositeExpressionsReuseInputs() {
        // x appears on several paths: gradients must accumulate (+=), not overwrite.
        check1(x -> x.mul(x).add(x.exp()).mul(x.sin()), rnd(100, 4));
        check2((a, b) -> a.matmul(b).tanh().matmul(b, false, true).sum(1, false).softmax(0), rnd(101, 3, 4), rnd(102, 4, 4));
    }

    @Test
    void checkerRejectsFloat32Inputs() {
        assertThrows(IllegalArgumentException.class,
                () -> GradientCheck.check(in -> in.get(0).exp(), List.of(Tensor.randn(Shape.of(3), 1)), 1e-6));
    }

    @Test
    void checkerCatchesAWrongGradient() {
        // A detached copy hides one path of x from autograd, so the analytic gradient is half the true one.
        assertThrows(AssertionError.class, () -> check1(x -> x.mul(x.detach()), rnd(110, 3)));
    }
}
