package dev.neurite.layers.rnn;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.nn.Config;
import dev.neurite.layers.core.Seeds;

/**
 * Long short-term memory, PyTorch's {@code nn.LSTM}: gates {@code i, f, g, o} stacked in that order in
 * {@code weight_ih_lk [4*hidden, in]}, {@code weight_hh_lk [4*hidden, hidden]}, {@code bias_ih_lk},
 * {@code bias_hh_lk} (and {@code ..._reverse}); the state is {@code (h, c)}. See {@link RecurrentLayer} for shapes
 * and options.
 */
public final class LSTM extends RecurrentLayer {
    public static final String TYPE = "lstm";

    /** One layer, unidirectional, time-major, with biases. */
    public LSTM(long inputSize, long hiddenSize, Generator generator) {
        this(inputSize, hiddenSize, 1, true, false, 0, false, DType.FLOAT32, Seeds.next(generator));
    }

    public LSTM(long inputSize, long hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
                boolean bidirectional, DType dtype, long seed) {
        super(TYPE, Cell.LSTM, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, dtype, seed);
    }

    public LSTM(Config config) {
        super(TYPE, Cell.LSTM, config);
    }
}
