package dev.neurite.generative;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;

import java.util.List;
import java.util.function.Supplier;

/**
 * Central differences for tensors a model reads in place (its parameters), as layers' tests do; the api's
 * GradientCheck covers fresh inputs. Checks {@code every}-th element of each leaf to keep large layers cheap.
 */
public final class InPlaceGradients {
    private InPlaceGradients() {
    }

    @SuppressWarnings("try")
    public static void assertGradients(Supplier<Tensor> scalar, List<Tensor> leaves, int every, double tolerance) {
        for (Tensor t : leaves) {
            if (t.dtype() != DType.FLOAT64 || !t.requiresGrad()) {
                throw new IllegalArgumentException("finite differences need float64 leaves that require grad, got " + t);
            }
            t.zeroGrad();
        }
        Tensor out = scalar.get();
        if (out.numel() != 1) {
            throw new IllegalArgumentException("finite differences: expected a scalar objective, got shape " + out.shape());
        }
        out.backward();
        double eps = 1e-6;
        for (int k = 0; k < leaves.size(); k++) {
            Tensor leaf = leaves.get(k);
            double[] analytic = leaf.grad() == null ? new double[Math.toIntExact(leaf.numel())] : leaf.grad().toDoubleArray();
            double[] values = leaf.toDoubleArray();
            for (int e = 0; e < values.length; e += every) {
                double numeric;
                try (GradMode.Guard g = GradMode.noGrad()) {
                    double plus = at(scalar, leaf, values, e, eps);
                    double minus = at(scalar, leaf, values, e, -eps);
                    leaf.copyFrom(Tensor.of(DType.FLOAT64, values, leaf.shape().toArray()));
                    numeric = (plus - minus) / (2 * eps);
                }
                double err = Math.abs(analytic[e] - numeric) / Math.max(1, Math.max(Math.abs(analytic[e]), Math.abs(numeric)));
                if (!(err <= tolerance)) {
                    throw new AssertionError("gradient check failed for leaf " + k + " " + leaf.shape() + " element " + e
                            + ": analytic " + analytic[e] + " vs numeric " + numeric);
                }
            }
        }
    }

    private static double at(Supplier<Tensor> f, Tensor leaf, double[] values, int element, double delta) {
        double[] v = values.clone();
        v[element] += delta;
        leaf.copyFrom(Tensor.of(DType.FLOAT64, v, leaf.shape().toArray()));
        return f.get().item();
    }
}
