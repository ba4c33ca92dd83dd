package dev.neurite.layers.attention;

import dev.neurite.api.Generator;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Kernels;
import dev.neurite.api.backend.kernel.SoftmaxKernel;

import java.util.Optional;

/**
 * {@code softmax(Q K^T / sqrt(d) + mask) V} over {@code [batch, heads, seq, head_dim]} tensors, with batched products
 * and the backend's fused softmax where it has one.
 */
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
        Tensor weights = softmax(scores);
        Tensor used = dropout > 0 ? MultiHeadAttention.dropout(weights, dropout, masks) : weights;
        return new Tensor[]{used.matmul(v), weights};
    }

    /** Softmax over the last axis: one fused call and its own backward when the backend offers it. */
    static Tensor softmax(Tensor scores) {
        Optional<SoftmaxKernel> kernel = Kernels.find(scores.backend(), SoftmaxKernel.class);
        if (kernel.isEmpty()) {
            return scores.softmax(-1);
        }
        int axis = scores.rank() - 1;
        Tensor y = Tensor.wrap(kernel.get().forward(scores.data(), axis));
        Tensor out = y.detach();
        return Tensor.fromOp("softmax", y.data(), g -> new Tensor[]{Tensor.wrap(kernel.get().backward(out.data(), g.data(), axis))}, scores);
    }
}
