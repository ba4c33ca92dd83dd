package dev.neurite.layers.optim;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;

import java.util.Collection;

/**
 * Gradient clipping as in {@code torch.nn.utils}: every optimizer here applies it in {@code step()} when configured,
 * and custom training loops can call it directly between {@code backward()} and {@code step()}.
 */
public final class GradientClipping {
    private GradientClipping() {
    }

    /**
     * Scales the gradients of {@code parameters} together so that their global L2 norm is at most {@code maxNorm}
     * ({@code clip_grad_norm_}); returns the norm before clipping. Parameters without a gradient are skipped.
     */
    @SuppressWarnings("try") // the guard only scopes no-grad mode
    public static double byNorm(Collection<Tensor> parameters, double maxNorm) {
        try (GradMode.Guard g = GradMode.noGrad()) {
            Tensor sumSquares = null;
            for (Tensor p : parameters) {
                if (p.grad() != null) {
                    // Summed in float64: a float32 sum of squares over millions of weights loses the small ones.
                    Tensor s = p.grad().square().sum().cast(DType.FLOAT64);
                    sumSquares = sumSquares == null ? s : sumSquares.add(s);
                }
            }
            if (sumSquares == null) {
                return 0;
            }
            double norm = Math.sqrt(sumSquares.item());
            // PyTorch's 1e-6 keeps the coefficient finite for an all-zero gradient.
            double coefficient = maxNorm / (norm + 1e-6);
            if (coefficient < 1) {
                parameters.stream().filter(p -> p.grad() != null).forEach(p -> p.setGrad(p.grad().mul(coefficient)));
            }
            return norm;
        }
    }

    /** Clamps every gradient element of {@code parameters} to {@code [-limit, limit]} ({@code clip_grad_value_}). */
    @SuppressWarnings("try") // the guard only scopes no-grad mode
    public static void byValue(Collection<Tensor> parameters, double limit) {
        try (GradMode.Guard g = GradMode.noGrad()) {
            parameters.stream().filter(p -> p.grad() != null).forEach(p -> p.setGrad(p.grad().clamp(-limit, limit)));
        }
    }
}
