package dev.neurite.layers.attention;

import dev.neurite.api.Tensor;

/**
 * The result of {@link MultiHeadAttention#attend}: the attended values (same layout as the query) and, when asked
 * for, the attention weights averaged over the heads, {@code [batch, target, source]} ({@code [target, source]} for
 * unbatched input), as PyTorch returns them; otherwise {@code null}.
 */
public record AttentionOutput(Tensor output, Tensor weights) {
}
