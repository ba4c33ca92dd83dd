package dev.neurite.layers.seq2seq;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;

import java.util.function.Function;

/** The token-by-token loop both sequence-to-sequence models share. */
final class Decoding {
    private Decoding() {
    }

    /**
     * @param step maps the previous tokens {@code [batch, 1]} to the next logits {@code [batch, vocab]}, keeping its own state
     */
    static Tensor loop(long batch, long bos, int maxLen, long eos, TokenSampler sampler, Function<Tensor, Tensor> step) {
        if (maxLen < 1) {
            throw new IllegalArgumentException("generate: max_len must be >= 1, got " + maxLen);
        }
        long[] previous = new long[Math.toIntExact(batch)];
        java.util.Arrays.fill(previous, bos);
        long[][] out = new long[maxLen][];
        boolean[] done = new boolean[previous.length];
        int n = 0;
        while (n < maxLen) {
            Tensor logits = step.apply(Tensor.ofLongs(previous, batch, 1));
            previous = sampler.next(logits);
            out[n++] = previous;
            boolean all = eos >= 0;
            for (int b = 0; b < previous.length; b++) {
                done[b] |= previous[b] == eos;
                all &= done[b];
            }
            if (all) {
                break;
            }
        }
        long[] flat = new long[Math.toIntExact(batch * n)];
        for (int t = 0; t < n; t++) {
            for (int b = 0; b < batch; b++) {
                flat[Math.toIntExact(b * n + t)] = out[t][b];
            }
        }
        return Tensor.ofLongs(flat, batch, n);
    }

    static void checkTokens(String type, String what, Tensor tokens) {
        if (tokens.rank() != 2 || tokens.dtype() != DType.INT64) {
            throw new IllegalArgumentException(type + ": expected " + what + " as int64 [batch, seq], got " + tokens.dtype() + " "
                    + tokens.shape());
        }
    }
}
