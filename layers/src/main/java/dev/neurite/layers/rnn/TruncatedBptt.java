package dev.neurite.layers.rnn;

import dev.neurite.api.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Truncated back-propagation through time for streams too long to unroll at once: cut the stream into chunks
 * ({@link #chunks}), run each from the previous chunk's final state {@linkplain #detach detached}, so the forward
 * pass sees the whole history while gradients stop at the chunk boundary.
 *
 * <pre>{@code
 * RecurrentState state = null;
 * for (Tensor chunk : TruncatedBptt.chunks(stream, 1, 100)) {
 *     RecurrentOutput out = lstm.forward(chunk, TruncatedBptt.detach(state));
 *     loss(out).backward();  optimizer.step();  optimizer.zeroGrad();
 *     state = out.state();
 * }
 * }</pre>
 */
public final class TruncatedBptt {
    private TruncatedBptt() {
    }

    /** The same state cut from the tape (null stays null). */
    public static RecurrentState detach(RecurrentState state) {
        if (state == null) {
            return null;
        }
        return new RecurrentState(state.h().detach(), state.c() == null ? null : state.c().detach());
    }

    /** Consecutive pieces of at most {@code length} steps along {@code axis} (the last may be shorter). */
    public static List<Tensor> chunks(Tensor sequence, int axis, long length) {
        if (length < 1) {
            throw new IllegalArgumentException("truncated BPTT: chunk length must be >= 1, got " + length);
        }
        List<Tensor> r = new ArrayList<>();
        long n = sequence.size(axis);
        for (long s = 0; s < n; s += length) {
            r.add(sequence.slice(axis, s, Math.min(n, s + length)));
        }
        return r;
    }
}
