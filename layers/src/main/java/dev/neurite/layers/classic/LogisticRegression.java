package dev.neurite.layers.classic;

import dev.neurite.api.DType;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.layers.loss.BinaryCrossEntropyWithLogits;
import dev.neurite.layers.loss.SparseCategoricalCrossEntropy;
import dev.neurite.layers.optim.LBFGS;

import java.util.Map;

/**
 * Logistic regression, binary (a sigmoid over one score) or multinomial (a softmax over one score per class),
 * minimising the mean cross-entropy plus {@code (l2 / 2) ||W||^2} (the intercepts are not penalised) by full-batch
 * L-BFGS. The objective and its gradient are evaluated with Neurite's own losses and autograd on the backend; only the
 * optimiser's vectors live on the host. Computation runs in the dtype of the data: float64 for reference results,
 * float32 for speed (the gradient tolerance must then be looser, around 1e-4).
 */
public final class LogisticRegression {
    private static final String OP = "logistic regression";

    /** The final objective, the largest gradient entry, the L-BFGS iterations and whether it met the tolerance. */
    public record Result(double objective, double gradientNorm, int iterations, boolean converged) {
    }

    private final boolean multinomial;
    private final double l2;
    private final int maxIterations;
    private final double tolerance;
    private int features;
    private int scores; // 1 for binary, else the class count
    private double[] weights; // features x scores, row-major
    private double[] intercepts;

    /**
     * @param multinomial softmax over classes; false for the binary sigmoid model (labels 0 and 1)
     * @param l2          the weight penalty's coefficient (>= 0)
     * @param tolerance   stop when every gradient entry is at most this in magnitude
     */
    public LogisticRegression(boolean multinomial, double l2, int maxIterations, double tolerance) {
        if (!(l2 >= 0) || Double.isInfinite(l2) || maxIterations < 1 || !(tolerance > 0)) {
            throw new IllegalArgumentException(OP + ": expected l2 >= 0, maxIterations >= 1 and tolerance > 0, got l2=" + l2
                    + ", maxIterations=" + maxIterations + ", tolerance=" + tolerance);
        }
        this.multinomial = multinomial;
        this.l2 = l2;
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
    }

    /** Fits {@code x} ({@code [n, d]}) to int64 {@code labels} ({@code [n]}) in {@code [0, classes)}. */
    @SuppressWarnings("try")
    public Result fit(Tensor x, Tensor labels, int classes) {
        Checks.matrix(OP, "X", x);
        if (classes < 2 || !multinomial && classes != 2) {
            throw new IllegalArgumentException(OP + ": expected " + (multinomial ? "at least 2" : "exactly 2 (binary model)")
                    + " classes, got " + classes);
        }
        Checks.labels(OP, labels, x.size(0), classes);
        int d = Math.toIntExact(x.size(1));
        int c = multinomial ? classes : 1;
        Tensor target = multinomial ? labels : labels.cast(x.dtype());
        DType dt = x.dtype();
        Tensor w = Tensor.zeros(dev.neurite.api.Shape.of(d, c), dt).requiresGrad(true);
        Tensor b = Tensor.zeros(dev.neurite.api.Shape.of(1, c), dt).requiresGrad(true);
        // One step of maxIterations iterations: convergence is max|g| <= tolerance; the change tolerance is off so
        // that a flat stretch does not end the fit before the gradient criterion holds.
        LBFGS lbfgs = new LBFGS(Map.of("weight", w, "bias", b), 1).lineSearch(LBFGS.STRONG_WOLFE).maxIter(maxIterations)
                .toleranceGrad(tolerance).toleranceChange(0);
        try (GradMode.Guard on = GradMode.enableGrad()) {
            lbfgs.step(() -> objective(x, target, w, b).item());
        }
        double[] grad = new double[2];
        double value = finalObjective(x, target, w, b, grad);
        this.features = d;
        this.scores = c;
        this.weights = w.toDoubleArray();
        this.intercepts = b.toDoubleArray();
        return new Result(value, grad[0], Math.toIntExact(lbfgs.iterations()), grad[0] <= tolerance);
    }

    /** The mean cross-entropy plus the weight penalty, back-propagated into {@code w} and {@code b}. */
    private Tensor objective(Tensor x, Tensor target, Tensor w, Tensor b) {
        Tensor logits = x.matmul(w).add(b);
        Tensor loss = multinomial
                ? new SparseCategoricalCrossEntropy().compute(logits, target)
                : new BinaryCrossEntropyWithLogits().compute(logits.reshape(-1), target);
        if (l2 > 0) {
            loss = loss.add(w.square().sum().mul(l2 / 2));
        }
        loss.backward();
        return loss;
    }

    /** The objective at the fitted point; {@code gradMax[0]} gets its gradient's largest magnitude. */
    @SuppressWarnings("try")
    private double finalObjective(Tensor x, Tensor target, Tensor w, Tensor b, double[] gradMax) {
        try (MemoryScope scope = MemoryScope.open(); GradMode.Guard on = GradMode.enableGrad()) {
            w.zeroGrad();
            b.zeroGrad();
            double value = objective(x, target, w, b).item();
            gradMax[0] = Math.max(maxAbs(w.grad().toDoubleArray()), maxAbs(b.grad().toDoubleArray()));
            w.zeroGrad();
            b.zeroGrad();
            return value;
        }
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double e : v) {
            m = Math.max(m, Math.abs(e));
        }
        return m;
    }

    /** Class probabilities {@code [n, classes]} (two columns for the binary model). */
    @SuppressWarnings("try")
    public Tensor predictProbabilities(Tensor x) {
        Checks.fitted(OP + " predict", weights);
        Checks.features(OP + " predict", x, features);
        try (GradMode.Guard g = GradMode.noGrad()) {
            DType dt = x.dtype();
            Tensor logits = x.matmul(Tensor.of(dt, weights, features, scores)).add(Tensor.of(dt, intercepts, 1, scores));
            if (multinomial) {
                return logits.softmax(-1);
            }
            Tensor p1 = logits.sigmoid();
            return Tensor.concat(java.util.List.of(p1.neg().add(1), p1), 1);
        }
    }

    /** The most probable class of each row, int64 {@code [n]}. */
    public Tensor predict(Tensor x) {
        return predictProbabilities(x).argmax(-1);
    }

    /** Row-major {@code [features, scores]}: one column per class, or one column for the binary model. */
    public double[] weights() {
        Checks.fitted(OP, weights);
        return weights.clone();
    }

    public double[] intercepts() {
        Checks.fitted(OP, intercepts);
        return intercepts.clone();
    }
}
