package dev.neurite.layers;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;

import java.util.List;
import java.util.function.Supplier;

/**
 * Central-difference gradient check over tensors that a computation reads in place, such as a layer's parameters.
 * The api's {@code GradientCheck} covers functions of fresh input tensors; a layer's parameters are owned by the
 * layer, so here each element is perturbed in place and {@code f} is simply re-run.
 */
public final class FiniteDifference {
    private FiniteDifference() {
    }

    /**
     * Asserts that the autograd gradient of {@code sum(w * f())} (w fixed weights) with respect to each of
     * {@code leaves} (float64, requiring grad) matches central differences to {@code tolerance} (relative above 1).
     */
    @SuppressWarnings("try")
    public static void assertGradients(Supplier<Tensor> f, List<Tensor> leaves, double epsilon, double tolerance) {
        leaves.forEach(t -> {
            if (t.dtype() != DType.FLOAT64 || !t.requiresGrad()) {
                throw new IllegalArgumentException("finite differences need float64 leaves that require grad, got " + t);
            }
            t.zeroGrad();
        });
        Tensor out = f.get();
        double[] weights = new double[Math.toIntExact(out.numel())];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = 0.5 + ((i * 7919) % 100) / 100.0;
        }
        out.mul(Tensor.of(DType.FLOAT64, weights, out.shape().toArray())).sum().backward();
        for (int k = 0; k < leaves.size(); k++) {
            Tensor leaf = leaves.get(k);
            double[] analytic = leaf.grad() == null ? new double[Math.toIntExact(leaf.numel())] : leaf.grad().toDoubleArray();
            double[] values = leaf.toDoubleArray();
            for (int e = 0; e < values.length; e++) {
                double numeric;
                try (GradMode.Guard g = GradMode.noGrad()) {
                    double plus = objective(f, leaf, values, e, epsilon, weights);
                    double minus = objective(f, leaf, values, e, -epsilon, weights);
                    leaf.copyFrom(Tensor.of(DType.FLOAT64, values, leaf.shape().toArray()));
                    numeric = (plus - minus) / (2 * epsilon);
                }
                double err = Math.abs(analytic[e] - numeric) / Math.max(1, Math.max(Math.abs(analytic[e]), Math.abs(numeric)));
                if (!(err <= tolerance)) {
                    throw new AssertionError("gradient check failed for leaf " + k + " " + leaf.shape() + " element " + e
                            + ": analytic " + analytic[e] + " vs numeric " + numeric);
                }
            }
        }
    }

    private static double objective(Supplier<Tensor> f, Tensor leaf, double[] values, int element, double delta, double[] weights) {
        double[] v = values.clone();
        v[element] += delta;
        leaf.copyFrom(Tensor.of(DType.FLOAT64, v, leaf.shape().toArray()));
        double[] o = f.get().toDoubleArray();
        double s = 0;
        for (int i = 0; i < o.length; i++) {
            s += o[i] * weights[i];
        }
        return s;
    }
}
