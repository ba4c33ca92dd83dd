package dev.neurite.layers.rnn;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.nn.Config;
import dev.neurite.layers.core.Seeds;

import java.util.Locale;

/**
 * The Elman recurrent layer, PyTorch's {@code nn.RNN}: {@code h' = tanh(W_ih x + b_ih + W_hh h + b_hh)} (or ReLU with
 * nonlinearity {@code relu}), weights {@code weight_ih_lk [hidden, in]}, {@code weight_hh_lk [hidden, hidden]},
 * {@code bias_ih_lk}, {@code bias_hh_lk} (and {@code ..._reverse}). See {@link RecurrentLayer} for shapes and options.
 */
public final class SimpleRNN extends RecurrentLayer {
    public static final String TYPE = "rnn";

    /** One tanh layer, unidirectional, time-major, with biases. */
    public SimpleRNN(long inputSize, long hiddenSize, Generator generator) {
        this(inputSize, hiddenSize, 1, "tanh", true, false, 0, false, DType.FLOAT32, Seeds.next(generator));
    }

    /** @param nonlinearity {@code tanh} or {@code relu}, as in PyTorch */
    public SimpleRNN(long inputSize, long hiddenSize, int numLayers, String nonlinearity, boolean bias, boolean batchFirst,
                     double dropout, boolean bidirectional, DType dtype, long seed) {
        super(TYPE, cell(nonlinearity), inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, dtype, seed);
    }

    public SimpleRNN(Config config) {
        super(TYPE, cell(config.getString("nonlinearity", "tanh")), config);
    }

    private static Cell cell(String nonlinearity) {
        return switch (nonlinearity.toLowerCase(Locale.ROOT)) {
            case "tanh" -> Cell.RNN_TANH;
            case "relu" -> Cell.RNN_RELU;
            default -> throw new IllegalArgumentException(TYPE + ": nonlinearity must be tanh or relu, got '" + nonlinearity + "'");
        };
    }

    /** {@code tanh} or {@code relu}. */
    public String nonlinearity() {
        return cell() == Cell.RNN_RELU ? "relu" : "tanh";
    }

    @Override
    public Config config() {
        return super.config().with("nonlinearity", nonlinearity());
    }
}
