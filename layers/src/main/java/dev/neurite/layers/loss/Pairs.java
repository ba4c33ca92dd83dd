package dev.neurite.layers.loss;

import dev.neurite.api.Tensor;

/**
 * The stacked form in which losses over pairs or triples of embeddings take their inputs through the
 * {@link dev.neurite.api.nn.Loss} interface: {@code [N, k, ...]}, the k branches of a Siamese network on axis 1.
 */
final class Pairs {
    private Pairs() {
    }

    /** Branch {@code i} of a {@code [N, k, ...]} stack, as {@code [N, ...]}. */
    static Tensor branch(String op, Tensor stacked, int k, int i) {
        if (stacked.rank() < 3 || stacked.size(1) != k) {
            throw new IllegalArgumentException(op + ": expected the " + k + " branches stacked on axis 1, shape [N, " + k
                    + ", D], got " + stacked.shape());
        }
        return stacked.slice(1, i, i + 1).squeeze(1);
    }

    /** Checks that the branches are floating point and of one shape of rank >= 2 ([N, D]). */
    static void requireSameShape(String op, Tensor... branches) {
        for (Tensor b : branches) {
            if (!b.dtype().isFloatingPoint() || b.rank() < 2 || !b.shape().equals(branches[0].shape())
                    || b.dtype() != branches[0].dtype()) {
                StringBuilder got = new StringBuilder();
                for (Tensor t : branches) {
                    got.append(got.length() == 0 ? "" : ", ").append(t.dtype()).append(t.shape());
                }
                throw new IllegalArgumentException(op + ": expected embeddings of one floating-point dtype and one shape "
                        + "[N, D], got " + got);
            }
        }
    }
}
