package dev.neurite.layers.embedding;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Layer;

/** A layer that adds position information to a sequence of vectors, from a starting position (for incremental decoding). */
public interface PositionalEncoding extends Layer {
    /** {@code x} with the encodings of positions {@code offset, offset+1, ...} added. */
    Tensor forward(Tensor x, long offset);

    /** The table's rows for {@code x}'s positions, shaped to broadcast over x's batch axis. */
    static Tensor rows(String type, Tensor table, Tensor x, long offset, long maxLen, long dModel, boolean batchFirst) {
        if (x.rank() != 3 || x.size(2) != dModel) {
            throw new IllegalArgumentException(type + ": expected input " + (batchFirst ? "[batch, seq, " : "[seq, batch, ") + dModel
                    + "], got shape " + x.shape());
        }
        long steps = x.size(batchFirst ? 1 : 0);
        if (offset < 0 || offset + steps > maxLen) {
            throw new IllegalArgumentException(type + ": positions " + offset + ".." + (offset + steps - 1) + " exceed max_len " + maxLen);
        }
        if (x.dtype() != table.dtype()) {
            throw new IllegalArgumentException(type + ": input dtype " + x.dtype() + " does not match the layer's " + table.dtype());
        }
        Tensor pe = table.slice(0, offset, offset + steps);
        return batchFirst ? pe.unsqueeze(0) : pe.unsqueeze(1);
    }
}
