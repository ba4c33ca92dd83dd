package dev.neurite.layers.classic;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;

/**
 * k-means clustering: k-means++ seeding (each new centre drawn with probability proportional to its squared distance
 * from the nearest centre so far, from a {@link Generator} seed), then Lloyd iterations (assign every row to its
 * nearest centre, move each centre to the mean of its rows) until the centres move by at most {@code tolerance}
 * times the data's mean per-feature variance (total squared shift, as scikit-learn measures it) or the iteration
 * limit. Distances and centre sums are backend tensor operations; a centre that loses all its rows stays where it was.
 */
public final class KMeans {
    private static final String OP = "k-means";

    /**
     * {@code centres} {@code [k, d]} (float64), each row's cluster, the inertia (sum of squared distances of the rows
     * to their assigned centres, with both as returned), the Lloyd iterations run, and whether the tolerance was met.
     */
    public record Result(double[][] centres, long[] assignments, double inertia, int iterations, boolean converged) {
    }

    private final int k;
    private final int maxIterations;
    private final double tolerance;
    private final long seed;

    public KMeans(int k, int maxIterations, double tolerance, long seed) {
        if (k < 1 || maxIterations < 0 || !(tolerance >= 0)) {
            throw new IllegalArgumentException(OP + ": expected k >= 1, maxIterations >= 0 and tolerance >= 0, got k=" + k
                    + ", maxIterations=" + maxIterations + ", tolerance=" + tolerance);
        }
        this.k = k;
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
        this.seed = seed;
    }

    /** Clusters {@code x} ({@code [n, d]}, n >= k) from k-means++ seeds. */
    public Result fit(Tensor x) {
        Checks.matrix(OP, "X", x);
        return fit(x, seedPlusPlus(x));
    }

    /** Clusters {@code x} from the given initial centres {@code [k][d]}. */
    @SuppressWarnings("try")
    public Result fit(Tensor x, double[][] initial) {
        Checks.matrix(OP, "X", x);
        int n = Math.toIntExact(x.size(0));
        int d = Math.toIntExact(x.size(1));
        if (n < k || initial.length != k || initial[0].length != d) {
            throw new IllegalArgumentException(OP + ": expected at least k=" + k + " rows and " + k + " x " + d
                    + " initial centres, got X " + x.shape() + " and " + initial.length + " x "
                    + (initial.length == 0 ? 0 : initial[0].length) + " centres");
        }
        double threshold = tolerance * meanVariance(x);
        double[][] centres = copy(initial);
        int iterations = 0;
        boolean converged = false;
        try (GradMode.Guard g = GradMode.noGrad()) {
            while (iterations < maxIterations && !converged) {
                double[][] next = copy(centres);
                try (MemoryScope scope = MemoryScope.open()) {
                    Tensor assign = nearest(x, centres).argmax(1);
                    Tensor onehot = assign.oneHot(k).cast(x.dtype());
                    double[] sums = onehot.matmul(x, true, false).cast(DType.FLOAT64).toDoubleArray();
                    double[] counts = onehot.sum(0, false).cast(DType.FLOAT64).toDoubleArray();
                    for (int c = 0; c < k; c++) {
                        for (int j = 0; counts[c] > 0 && j < d; j++) {
                            next[c][j] = sums[c * d + j] / counts[c];
                        }
                    }
                }
                double shift = 0;
                for (int c = 0; c < k; c++) {
                    for (int j = 0; j < d; j++) {
                        shift += (next[c][j] - centres[c][j]) * (next[c][j] - centres[c][j]);
                    }
                }
                centres = next;
                iterations++;
                converged = shift <= threshold;
            }
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor negative = nearest(x, centres);
                long[] assignments = negative.argmax(1).toLongArray();
                double inertia = -negative.max(1, false).cast(DType.FLOAT64).sum().item();
                return new Result(centres, assignments, inertia, iterations, converged);
            }
        }
    }

    /** Negated squared distances {@code [n, k]}, so that argmax picks the nearest centre. */
    private static Tensor nearest(Tensor x, double[][] centres) {
        Tensor c = Tensor.of(x.dtype(), flatten(centres), centres.length, centres[0].length);
        return Distances.squaredL2(x, c, Distances.squaredNorms(c)).neg();
    }

    @SuppressWarnings("try")
    private double[][] seedPlusPlus(Tensor x) {
        int n = Math.toIntExact(x.size(0));
        if (n < k) {
            throw new IllegalArgumentException(OP + ": expected at least k=" + k + " rows, got shape " + x.shape());
        }
        Generator g = new Generator(seed);
        double[][] centres = new double[k][];
        double[] closest = null;
        try (GradMode.Guard ng = GradMode.noGrad()) {
            int pick = g.nextInt(n);
            for (int c = 0; c < k; c++) {
                try (MemoryScope scope = MemoryScope.open()) {
                    Tensor row = x.slice(0, pick, pick + 1);
                    centres[c] = row.cast(DType.FLOAT64).toDoubleArray();
                    if (c == k - 1) {
                        break;
                    }
                    double[] dist = Distances.squaredL2(x, row, Distances.squaredNorms(row)).cast(DType.FLOAT64).toDoubleArray();
                    if (closest == null) {
                        closest = dist;
                    } else {
                        for (int i = 0; i < n; i++) {
                            closest[i] = Math.min(closest[i], dist[i]);
                        }
                    }
                }
                pick = sample(closest, g);
            }
        }
        return centres;
    }

    /** An index drawn with probability proportional to {@code weights}; uniform if they are all zero. */
    private static int sample(double[] weights, Generator g) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        if (!(total > 0)) {
            return g.nextInt(weights.length);
        }
        double r = g.nextDouble() * total;
        double cumulative = 0;
        for (int i = 0; i < weights.length; i++) {
            cumulative += weights[i];
            if (r < cumulative) {
                return i;
            }
        }
        for (int i = weights.length - 1; ; i--) { // rounding left r at the total: the last row with weight
            if (weights[i] > 0) {
                return i;
            }
        }
    }

    @SuppressWarnings("try")
    private static double meanVariance(Tensor x) {
        try (MemoryScope scope = MemoryScope.open(); GradMode.Guard g = GradMode.noGrad()) {
            return x.variance(0, false).mean().item(); // only sets the stopping threshold
        }
    }

    /**
     * The fraction of rows whose cluster's majority class is their own class: 1 when every cluster is pure.
     * {@code clusters} and {@code labels} are parallel arrays of non-negative ids.
     */
    public static double purity(long[] clusters, long[] labels) {
        if (clusters.length != labels.length || clusters.length == 0) {
            throw new IllegalArgumentException("k-means purity: expected two non-empty arrays of one length, got "
                    + clusters.length + " and " + labels.length);
        }
        java.util.Map<Long, java.util.Map<Long, Integer>> counts = new java.util.HashMap<>();
        for (int i = 0; i < clusters.length; i++) {
            counts.computeIfAbsent(clusters[i], c -> new java.util.HashMap<>()).merge(labels[i], 1, Integer::sum);
        }
        long majority = 0;
        for (java.util.Map<Long, Integer> perCluster : counts.values()) {
            majority += java.util.Collections.max(perCluster.values());
        }
        return (double) majority / clusters.length;
    }

    private static double[] flatten(double[][] rows) {
        int d = rows[0].length;
        double[] flat = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return flat;
    }

    private static double[][] copy(double[][] rows) {
        double[][] c = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            c[i] = rows[i].clone();
        }
        return c;
    }
}
