package dev.neurite.layers.classic;

import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;

/**
 * The k-nearest-neighbour classifier with L1 (Manhattan) or L2 (Euclidean) distance. Fitting only stores the
 * training set; prediction computes the distances of a chunk of queries to every training row on the backend (L2 by
 * one matrix product), then votes on the host. Deterministic ties: neighbours at equal distance are taken in
 * training-set order, and among classes with equally many votes the one holding the nearest of those neighbours wins
 * (so k = 2 with a split vote falls back to 1-NN).
 */
public final class KNearestNeighbors {
    private static final String OP = "k-NN";

    public enum Metric {
        L1, L2
    }

    private final int k;
    private final Metric metric;
    private final long chunkElements;
    private Tensor train;
    private Tensor trainNorms;
    private long[] labels;
    private int classes;

    public KNearestNeighbors(int k, Metric metric) {
        this(k, metric, 1L << 22);
    }

    /**
     * {@code chunkElements} bounds one chunk's distance matrix {@code [queries, training rows]}, and for L1 also the
     * {@code [queries, rows, features]} difference it is summed from (elements; at least one query per chunk).
     */
    public KNearestNeighbors(int k, Metric metric, long chunkElements) {
        if (k < 1 || chunkElements < 1) {
            throw new IllegalArgumentException(OP + ": expected k >= 1 and chunkElements >= 1, got k=" + k
                    + ", chunkElements=" + chunkElements);
        }
        this.k = k;
        this.metric = java.util.Objects.requireNonNull(metric, "metric");
        this.chunkElements = chunkElements;
    }

    /**
     * Keeps {@code x} ({@code [n, d]}, by reference: it must outlive this model's use, e.g. not be freed by a
     * {@link MemoryScope}) and int64 {@code labels} ({@code [n]}); needs at least k rows.
     */
    @SuppressWarnings("try")
    public KNearestNeighbors fit(Tensor x, Tensor labels) {
        Checks.matrix(OP, "X", x);
        this.labels = Checks.labels(OP, labels, x.size(0), 0);
        if (x.size(0) < k) {
            throw new IllegalArgumentException(OP + ": expected at least k=" + k + " training rows, got shape " + x.shape());
        }
        this.classes = (int) java.util.Arrays.stream(this.labels).max().orElse(0) + 1;
        this.train = x;
        try (GradMode.Guard g = GradMode.noGrad()) {
            this.trainNorms = metric == Metric.L2 ? MemoryScope.outside(() -> Distances.squaredNorms(x)) : null;
        }
        return this;
    }

    /** Distances {@code [q, n]} of {@code queries} to the training rows (Euclidean, not squared, for L2). */
    @SuppressWarnings("try")
    public Tensor distances(Tensor queries) {
        Checks.fitted(OP, train);
        Checks.features(OP, queries, train.size(1));
        try (GradMode.Guard g = GradMode.noGrad()) {
            Tensor q = queries.cast(train.dtype());
            return metric == Metric.L2 ? Distances.squaredL2(q, train, trainNorms).sqrt() : Distances.l1(q, train, chunkElements);
        }
    }

    /** Predicted classes, int64 {@code [q]}. */
    @SuppressWarnings("try")
    public Tensor predict(Tensor queries) {
        Checks.fitted(OP, train);
        Checks.features(OP, queries, train.size(1));
        long q = queries.size(0);
        long n = train.size(0);
        long chunk = Math.max(1, Math.min(q, chunkElements / n));
        long[] predicted = new long[Math.toIntExact(q)];
        for (long s = 0; s < q; s += chunk) {
            long e = Math.min(q, s + chunk);
            double[] d;
            try (MemoryScope scope = MemoryScope.open(); GradMode.Guard g = GradMode.noGrad()) {
                Tensor block = queries.slice(0, s, e).cast(train.dtype());
                // Squared L2 ranks like L2; the square root is not needed to vote.
                d = (metric == Metric.L2 ? Distances.squaredL2(block, train, trainNorms) : Distances.l1(block, train, chunkElements))
                        .toDoubleArray();
            }
            for (long r = s; r < e; r++) {
                predicted[(int) r] = vote(d, (int) ((r - s) * n), (int) n);
            }
        }
        return Tensor.ofLongs(predicted, q);
    }

    /** The k smallest of {@code d[offset, offset + n)} by (distance, index), then the vote described above. */
    private long vote(double[] d, int offset, int n) {
        int[] nearest = new int[k];
        double[] best = new double[k];
        int found = 0;
        for (int i = 0; i < n; i++) {
            double v = d[offset + i];
            if (found == k && !(v < best[k - 1])) {
                continue; // not nearer than the current k-th; equal distances keep the earlier index
            }
            int pos = found < k ? found++ : k - 1;
            while (pos > 0 && v < best[pos - 1]) {
                best[pos] = best[pos - 1];
                nearest[pos] = nearest[pos - 1];
                pos--;
            }
            best[pos] = v;
            nearest[pos] = i;
        }
        int[] votes = new int[classes];
        for (int j = 0; j < k; j++) {
            votes[(int) labels[nearest[j]]]++;
        }
        long winner = labels[nearest[0]];
        for (int j = 1; j < k; j++) {
            long c = labels[nearest[j]];
            if (votes[(int) c] > votes[(int) winner]) {
                winner = c; // strictly more votes; on a tie the class met first (nearer) stays
            }
        }
        return winner;
    }
}
