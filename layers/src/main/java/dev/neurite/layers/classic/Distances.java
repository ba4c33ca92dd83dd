package dev.neurite.layers.classic;

import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;

/** Pairwise distances between the rows of two matrices, as backend tensor operations. */
final class Distances {
    private Distances() {
    }

    /**
     * Squared Euclidean distances {@code [q, n]} as {@code ||a||^2 - 2 a b^T + ||b||^2}, one matrix product instead of
     * a {@code [q, n, d]} difference; {@code bSquaredNorms} is {@code [1, n]}. Clamped at 0, since cancellation can
     * leave tiny negatives for near-identical rows.
     */
    static Tensor squaredL2(Tensor a, Tensor b, Tensor bSquaredNorms) {
        Tensor aa = a.square().sum(1, true);
        return aa.sub(a.matmul(b, false, true).mul(2)).add(bSquaredNorms).clamp(0, Double.MAX_VALUE);
    }

    static Tensor squaredNorms(Tensor b) {
        return b.square().sum(1, false).reshape(1, -1);
    }

    /**
     * Manhattan distances {@code [q, n]}, broadcasting over blocks of {@code b}'s rows so that the {@code [q, block, d]}
     * intermediate stays within about {@code blockElements}.
     */
    @SuppressWarnings("try")
    static Tensor l1(Tensor a, Tensor b, long blockElements) {
        long q = a.size(0);
        long n = b.size(0);
        long d = a.size(1);
        long block = Math.max(1, Math.min(n, blockElements / Math.max(1, q * d)));
        Tensor left = a.unsqueeze(1);
        java.util.List<Tensor> parts = new java.util.ArrayList<>();
        for (long s = 0; s < n; s += block) {
            // Each block's [q, block, d] temporaries are freed at once, not when the caller's scope closes.
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor right = b.slice(0, s, Math.min(n, s + block)).unsqueeze(0);
                parts.add(MemoryScope.keep(left.sub(right).abs().sum(2, false)));
            }
        }
        return parts.size() == 1 ? parts.get(0) : Tensor.concat(parts, 1);
    }
}
