package dev.neurite.layers.rnn;

/**
 * The recurrent cells, with PyTorch's equations and gate order, so that weights map one to one to PyTorch and ONNX:
 * <ul>
 *   <li>{@code RNN_TANH}, {@code RNN_RELU}: {@code h' = act(W_ih x + b_ih + W_hh h + b_hh)};</li>
 *   <li>{@code LSTM}, gates {@code i, f, g, o}: {@code c' = f*c + i*g}, {@code h' = o*tanh(c')};</li>
 *   <li>{@code GRU}, gates {@code r, z, n}: {@code n = tanh(W_in x + b_in + r*(W_hn h + b_hn))},
 *       {@code h' = (1-z)*n + z*h}.</li>
 * </ul>
 */
public enum Cell {
    RNN_TANH(1), RNN_RELU(1), LSTM(4), GRU(3);

    private final int gates;

    Cell(int gates) {
        this.gates = gates;
    }

    /** How many gate blocks of {@code hidden_size} rows the weights stack (1, 4 or 3). */
    public int gates() {
        return gates;
    }

    /** Whether the cell carries a second state, the LSTM's cell state {@code c}. */
    public boolean hasCellState() {
        return this == LSTM;
    }
}
