package dev.neurite.api.autograd;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Compares autograd gradients with central finite differences in float64. A non-scalar output is reduced with
 * fixed random weights, so every output element contributes with a different coefficient.
 *
 * <pre>{@code
 * GradientCheck.assertGradients(in -> in.get(0).tanh().mul(in.get(1)), List.of(x, y));
 * }</pre>
 */
public final class GradientCheck {
    private static final double DEFAULT_EPSILON = 1e-6;
    private static final double DEFAULT_TOLERANCE = 1e-6;

    /** Where analytic and numeric gradients disagree most. */
    public record Result(double maxError, int input, int element, double analytic, double numeric) {
        public boolean passed(double tolerance) {
            return maxError <= tolerance;
        }
    }

    private GradientCheck() {
    }

    public static void assertGradients(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        assertGradients(f, inputs, DEFAULT_EPSILON, DEFAULT_TOLERANCE);
    }

    /**
     * @throws AssertionError naming the input and element with the largest relative error when it exceeds
     *                        {@code tolerance}
     */
    public static void assertGradients(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, double epsilon, double tolerance) {
        Result r = check(f, inputs, epsilon);
        if (!r.passed(tolerance)) {
            throw new AssertionError(String.format("gradient check failed: input %d element %d: analytic %.10g vs numeric %.10g "
                    + "(relative error %.3g > %.3g)", r.input(), r.element(), r.analytic(), r.numeric(), r.maxError(), tolerance));
        }
    }

    /**
     * Checks the gradient of {@code f} with respect to every floating-point input (which must be float64).
     * Integer inputs (indices) are passed through unchanged.
     */
    public static Result check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, double epsilon) {
        for (Tensor t : inputs) {
            if (t.dtype().isFloatingPoint() && t.dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException("GradientCheck: inputs must be float64 for meaningful finite differences, got "
                        + t.dtype() + " of shape " + t.shape());
            }
        }
        List<double[]> values = new ArrayList<>();
        for (Tensor t : inputs) {
            values.add(t.dtype().isFloatingPoint() ? t.toDoubleArray() : null);
        }
        Tensor projection = null;
        List<Tensor> leaves = leaves(inputs, values, -1, 0, 0);
        Tensor out = f.apply(leaves);
        double[] weights = projectionWeights(out.numel());
        projection = Tensor.of(DType.FLOAT64, weights, out.shape().toArray());
        out.mul(projection).sum().backward();

        Result worst = new Result(0, -1, -1, 0, 0);
        for (int i = 0; i < inputs.size(); i++) {
            if (values.get(i) == null) {
                continue;
            }
            Tensor grad = leaves.get(i).grad();
            double[] analytic = grad == null ? new double[values.get(i).length] : grad.toDoubleArray();
            for (int e = 0; e < analytic.length; e++) {
                double plus = objective(f, inputs, values, i, e, epsilon, weights);
                double minus = objective(f, inputs, values, i, e, -epsilon, weights);
                double numeric = (plus - minus) / (2 * epsilon);
                double err = Math.abs(analytic[e] - numeric) / Math.max(1, Math.max(Math.abs(analytic[e]), Math.abs(numeric)));
                if (err > worst.maxError() || worst.input() < 0) {
                    worst = new Result(err, i, e, analytic[e], numeric);
                }
            }
        }
        return worst;
    }

    private static double objective(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, List<double[]> values,
                                    int input, int element, double delta, double[] weights) {
        try (GradMode.Guard g = GradMode.noGrad()) {
            Tensor out = f.apply(leaves(inputs, values, input, element, delta));
            double[] o = out.toDoubleArray();
            double s = 0;
            for (int k = 0; k < o.length; k++) {
                s += o[k] * weights[k];
            }
            return s;
        }
    }

    private static List<Tensor> leaves(List<Tensor> inputs, List<double[]> values, int input, int element, double delta) {
        List<Tensor> r = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            double[] v = values.get(i);
            if (v == null) {
                r.add(inputs.get(i));
                continue;
            }
            double[] copy = v.clone();
            if (i == input) {
                copy[element] += delta;
            }
            r.add(Tensor.of(DType.FLOAT64, copy, inputs.get(i).shape().toArray()).requiresGrad(true));
        }
        return r;
    }

    private static double[] projectionWeights(long n) {
        Generator g = new Generator(20261123L);
        double[] w = new double[Math.toIntExact(n)];
        for (int i = 0; i < w.length; i++) {
            w[i] = 0.5 + g.nextDouble();
        }
        return w;
    }
}
