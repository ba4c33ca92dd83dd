package dev.neurite.layers.attention;

import dev.neurite.api.Generator;
import dev.neurite.api.Tensor;

/** {@code softmax(Q K^T / sqrt(d) + mask) V} over {@code [batch, heads, seq, head_dim]} tensors, with batched products. */
final class ScaledDotProduct {
    private ScaledDotProduct() {
    }

    /**
     * @param mask additive, broadcasting to {@code [batch, heads, target, source]}, or null
     * @return the attended values {@code [batch, heads, target, head_dim]} and the weights {@code [batch, heads, target, source]}
     */
    static Tensor[] attend(Tensor q, Tensor k, Tensor v, Tensor mask, double dropout, Generator masks, boolean needWeights) {
        double scale = 1 / Math.sqrt(q.size(-1));
        Tensor scores = q.mul(scale).matmul(k, false, true);
        if (mask != null) {
            scores = scores.add(mask);
        }
        Tensor weights = scores.softmax(-1);
        Tensor used = dropout > 0 ? MultiHeadAttention.dropout(weights, dropout, masks) : weights;
        return new Tensor[]{used.matmul(v), weights};
    }
}
