package dev.neurite.layers.classic;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;

/**
 * Principal component analysis: the data are centred, their covariance {@code Xc^T Xc / (n - 1)} is formed by backend
 * products in float64, and its eigen-decomposition gives the components (unit rows, by decreasing variance; each
 * signed so that its largest-magnitude entry is positive) and the variance each explains. {@link #transform} projects
 * onto the kept components and {@link #inverseTransform} maps back; with every component kept the round trip is the
 * identity up to rounding.
 */
public final class PCA {
    private static final String OP = "PCA";

    private final int components;
    private double[] mean;
    private double[][] axes;
    private double[] variance;
    private double totalVariance;

    /** Keeps {@code components} components (at most the feature count). */
    public PCA(int components) {
        if (components < 1) {
            throw new IllegalArgumentException(OP + ": expected components >= 1, got " + components);
        }
        this.components = components;
    }

    /** Fits to {@code x} ({@code [n, d]}, n >= 2, d >= components). */
    public PCA fit(Tensor x) {
        Checks.matrix(OP, "X", x);
        if (x.size(0) < 2 || x.size(1) < components) {
            throw new IllegalArgumentException(OP + ": expected at least 2 rows and " + components + " features for "
                    + components + " components, got shape " + x.shape());
        }
        Moments mo = Moments.of(OP, x, null, true);
        int d = mo.features();
        double[] cov = mo.xtx();
        double scale = 1.0 / (mo.rows() - 1);
        double trace = 0;
        for (int i = 0; i < cov.length; i++) {
            cov[i] *= scale;
        }
        for (int i = 0; i < d; i++) {
            trace += cov[i * d + i];
        }
        HostLinearAlgebra.Eigen eig = HostLinearAlgebra.symmetricEigen(cov, d);
        this.mean = mo.meanX();
        this.axes = java.util.Arrays.copyOf(eig.vectors(), components);
        // Rounding can leave the smallest eigenvalues of a singular covariance slightly negative.
        this.variance = java.util.Arrays.stream(eig.values()).limit(components).map(v -> Math.max(0, v)).toArray();
        this.totalVariance = trace;
        return this;
    }

    /** The components {@code [components, d]}, float64. */
    public Tensor components() {
        Checks.fitted(OP, axes);
        return Tensor.of(DType.FLOAT64, flatten(axes), axes.length, axes[0].length);
    }

    /** The variance along each kept component (the covariance's eigenvalues, descending). */
    public double[] explainedVariance() {
        Checks.fitted(OP, variance);
        return variance.clone();
    }

    /** Each kept component's share of the total variance. */
    public double[] explainedVarianceRatio() {
        Checks.fitted(OP, variance);
        return java.util.Arrays.stream(variance).map(v -> totalVariance > 0 ? v / totalVariance : 0).toArray();
    }

    public double[] mean() {
        Checks.fitted(OP, mean);
        return mean.clone();
    }

    /** {@code (x - mean) W^T}: coordinates {@code [n, components]} in the dtype of {@code x}. */
    @SuppressWarnings("try")
    public Tensor transform(Tensor x) {
        Checks.fitted(OP, axes);
        Checks.features(OP + " transform", x, mean.length);
        try (GradMode.Guard g = GradMode.noGrad()) {
            DType dt = x.dtype();
            return x.sub(Tensor.of(dt, mean, 1, mean.length)).matmul(components().cast(dt), false, true);
        }
    }

    /** {@code z W + mean}: back from coordinates {@code [n, components]} to {@code [n, d]}. */
    @SuppressWarnings("try")
    public Tensor inverseTransform(Tensor z) {
        Checks.fitted(OP, axes);
        if (z.rank() != 2 || z.size(1) != axes.length || !z.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(OP + " inverse transform: expected floating-point coordinates [n, "
                    + axes.length + "], got " + z.dtype() + " of shape " + z.shape());
        }
        try (GradMode.Guard g = GradMode.noGrad()) {
            DType dt = z.dtype();
            return z.matmul(components().cast(dt)).add(Tensor.of(dt, mean, 1, mean.length));
        }
    }

    private static double[] flatten(double[][] rows) {
        int d = rows[0].length;
        double[] flat = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return flat;
    }
}
