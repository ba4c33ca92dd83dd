package dev.neurite.layers.attention;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Backends;

/**
 * Masks for attention in PyTorch's convention: a bool mask is {@code true} where attention is <em>not</em> allowed;
 * a float mask is added to the attention scores.
 */
public final class AttentionMasks {
    private AttentionMasks() {
    }

    /**
     * The causal mask {@code [size, size]}: position {@code i} may attend to positions {@code <= i} only, as
     * {@code nn.Transformer.generate_square_subsequent_mask} (which gives the same as a float mask of -inf).
     */
    public static Tensor causal(long size) {
        return causal(size, size, 0);
    }

    /**
     * A causal mask {@code [target, source]} for queries at positions {@code offset..offset+target-1} over keys at
     * {@code 0..source-1}: query {@code i} may see keys {@code <= offset + i} (incremental decoding with a cache).
     */
    public static Tensor causal(long target, long source, long offset) {
        if (target < 1 || source < 1 || offset < 0) {
            throw new IllegalArgumentException("causal mask: expected target, source >= 1 and offset >= 0, got " + target + ", "
                    + source + ", " + offset);
        }
        long[] m = new long[Math.toIntExact(target * source)];
        for (long i = 0; i < target; i++) {
            for (long j = 0; j < source; j++) {
                m[Math.toIntExact(i * source + j)] = j > offset + i ? 1 : 0;
            }
        }
        return Tensor.wrap(Backends.current().fromLongs(m, Shape.of(target, source), DType.BOOL));
    }

    /**
     * The key-padding mask {@code [batch, source]} for sequences of the given lengths: {@code true} at the padded
     * positions {@code >= lengths[b]}.
     */
    public static Tensor padding(long[] lengths, long source) {
        long[] m = new long[Math.toIntExact(lengths.length * source)];
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] < 0 || lengths[b] > source) {
                throw new IllegalArgumentException("padding mask: length " + lengths[b] + " of batch entry " + b + " is outside 0.." + source);
            }
            for (long j = lengths[b]; j < source; j++) {
                m[Math.toIntExact(b * source + j)] = 1;
            }
        }
        return Tensor.wrap(Backends.current().fromLongs(m, Shape.of(lengths.length, source), DType.BOOL));
    }
}
