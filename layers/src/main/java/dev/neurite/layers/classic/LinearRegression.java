package dev.neurite.layers.classic;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;

/**
 * Least-squares linear regression in closed form, the course's {@code theta = (X^T X)^-1 X^T y}: the normal
 * equations are formed by backend products in float64 and solved by a Cholesky factorisation (never an explicit
 * inverse). With an intercept the columns are centred first and the intercept is recovered from the means, so it is
 * not penalised; a ridge {@code lambda} adds {@code lambda I} to {@code X^T X}, minimising
 * {@code ||X theta - y||^2 + lambda ||theta||^2}. Targets may be a vector {@code [n]} or several columns
 * {@code [n, m]} fitted at once (e.g. one-hot classes for a least-squares classifier).
 */
public final class LinearRegression {
    private static final String OP = "linear regression";

    private final boolean fitIntercept;
    private final double ridge;
    private double[] coefficients; // features x outputs, row-major
    private double[] intercepts;
    private int features;
    private int outputs;
    private boolean vectorTargets;

    /** Ordinary least squares with an intercept. */
    public LinearRegression() {
        this(true, 0);
    }

    public LinearRegression(boolean fitIntercept, double ridge) {
        if (!(ridge >= 0) || Double.isInfinite(ridge)) {
            throw new IllegalArgumentException(OP + ": ridge lambda must be finite and >= 0, got " + ridge);
        }
        this.fitIntercept = fitIntercept;
        this.ridge = ridge;
    }

    /** A single-output model with given coefficients (one per feature) and intercept, for prediction. */
    public static LinearRegression withCoefficients(double[] theta, double intercept) {
        LinearRegression model = new LinearRegression(intercept != 0, 0);
        model.coefficients = theta.clone();
        model.intercepts = new double[]{intercept};
        model.features = theta.length;
        model.outputs = 1;
        model.vectorTargets = true;
        return model;
    }

    /**
     * Fits {@code x} ({@code [n, d]}) to {@code y} ({@code [n]} or {@code [n, m]}).
     *
     * @throws IllegalArgumentException if {@code X^T X} is singular and there is no ridge term
     */
    public LinearRegression fit(Tensor x, Tensor y) {
        Checks.matrix(OP, "X", x);
        if (!y.dtype().isFloatingPoint() || y.rank() < 1 || y.rank() > 2) {
            throw new IllegalArgumentException(OP + ": expected floating-point targets [n] or [n, m], got " + y.dtype()
                    + " of shape " + y.shape());
        }
        boolean vector = y.rank() == 1;
        Moments mo = Moments.of(OP, x, vector ? y.reshape(-1, 1) : y, fitIntercept);
        int d = mo.features();
        int m = mo.outputs();
        double[] a = mo.xtx().clone();
        for (int i = 0; i < d; i++) {
            a[i * d + i] += ridge;
        }
        double[] w = HostLinearAlgebra.solveSpd(OP, a, d, mo.xty(), m);
        double[] b = new double[m];
        for (int c = 0; c < m; c++) {
            double s = mo.meanY()[c];
            for (int i = 0; i < d; i++) {
                s -= mo.meanX()[i] * w[i * m + c];
            }
            b[c] = s;
        }
        this.coefficients = w;
        this.intercepts = b;
        this.features = d;
        this.outputs = m;
        this.vectorTargets = vector;
        return this;
    }

    /** {@code X theta + b}, in the dtype of {@code x}: {@code [n]} if fitted to a vector, else {@code [n, m]}. */
    public Tensor predict(Tensor x) {
        Checks.fitted(OP + " predict", coefficients);
        Checks.features(OP + " predict", x, features);
        DType dt = x.dtype();
        Tensor out = x.matmul(Tensor.of(dt, coefficients, features, outputs)).add(Tensor.of(dt, intercepts, 1, outputs));
        return vectorTargets ? out.reshape(-1) : out;
    }

    /** The coefficients, {@code [features]} for a vector target, else row-major {@code [features, outputs]}. */
    public double[] coefficients() {
        Checks.fitted(OP, coefficients);
        return coefficients.clone();
    }

    public double[] intercepts() {
        Checks.fitted(OP, intercepts);
        return intercepts.clone();
    }
}
