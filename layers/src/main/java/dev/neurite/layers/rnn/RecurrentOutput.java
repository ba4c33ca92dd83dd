package dev.neurite.layers.rnn;

import dev.neurite.api.Tensor;

/**
 * What a recurrent layer returns: the last layer's outputs for every step ({@code [seq, batch, directions * hidden]},
 * or batch first when the layer is; zero at padded steps of shorter sequences) and the final state of every layer
 * and direction (for variable-length input: the state after each sequence's last real step).
 */
public record RecurrentOutput(Tensor output, RecurrentState state) {
    /** The final hidden state {@code h_n}. */
    public Tensor h() {
        return state.h();
    }

    /** The final cell state {@code c_n} (LSTM), or {@code null}. */
    public Tensor c() {
        return state.c();
    }
}
