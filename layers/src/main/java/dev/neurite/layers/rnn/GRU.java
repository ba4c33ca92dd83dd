package dev.neurite.layers.rnn;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.nn.Config;
import dev.neurite.layers.core.Seeds;

/**
 * Gated recurrent unit, PyTorch's {@code nn.GRU}: gates {@code r, z, n} stacked in that order in
 * {@code weight_ih_lk [3*hidden, in]}, {@code weight_hh_lk [3*hidden, hidden]}, {@code bias_ih_lk},
 * {@code bias_hh_lk} (and {@code ..._reverse}), with {@code n = tanh(W_in x + b_in + r * (W_hn h + b_hn))} and
 * {@code h' = (1 - z) * n + z * h}. See {@link RecurrentLayer} for shapes and options.
 */
public final class GRU extends RecurrentLayer {
    public static final String TYPE = "gru";

    /** One layer, unidirectional, time-major, with biases. */
    public GRU(long inputSize, long hiddenSize, Generator generator) {
        this(inputSize, hiddenSize, 1, true, false, 0, false, DType.FLOAT32, Seeds.next(generator));
    }

    public GRU(long inputSize, long hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
               boolean bidirectional, DType dtype, long seed) {
        super(TYPE, Cell.GRU, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, dtype, seed);
    }

    public GRU(Config config) {
        super(TYPE, Cell.GRU, config);
    }
}
