package dev.neurite.layers.seq2seq;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Layer;

import java.util.List;

/**
 * A sequence-to-sequence model over token ids, batch first: teacher-forced {@link #logits} for training, and
 * {@link #generate} for decoding one token at a time.
 */
public interface Seq2Seq extends Layer {
    /**
     * Logits {@code [batch, tgt, tgt_vocab]} for source tokens {@code src [batch, src]} and decoder inputs
     * {@code tgtIn [batch, tgt]} (the targets shifted right behind a start token), both int64. Position {@code t}
     * sees {@code tgtIn[0..t]} only.
     */
    Tensor logits(Tensor src, Tensor tgtIn);

    /**
     * Decodes up to {@code maxLen} tokens after {@code bos} for every source, one at a time, each from the tokens
     * before it ({@code sampler} picks them); stops early once every row has produced {@code eos} (negative: never).
     *
     * @return int64 {@code [batch, n]} with {@code n <= maxLen}, without the start token
     */
    Tensor generate(Tensor src, long bos, int maxLen, long eos, TokenSampler sampler);

    /** {@code [src, tgtIn]}: the teacher-forced logits. */
    @Override
    default Tensor forward(List<Tensor> inputs) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException(typeId() + ": expected 2 inputs (src, tgt_in), got " + inputs.size());
        }
        return logits(inputs.get(0), inputs.get(1));
    }

    @Override
    default Tensor forward(Tensor input) {
        throw new IllegalArgumentException(typeId() + ": expected 2 inputs (src, tgt_in), got 1");
    }
}
