package dev.neurite.layers.rnn;

import dev.neurite.api.Tensor;

/**
 * The state of a recurrent layer, as PyTorch passes it: {@code h} of shape {@code [numLayers * numDirections, batch,
 * hidden]} (without the batch axis for unbatched input), and for an LSTM also the cell state {@code c} of the same
 * shape ({@code null} for RNN and GRU). Index {@code layer * numDirections + direction}, the reverse direction second.
 */
public record RecurrentState(Tensor h, Tensor c) {
    /** A state without a cell state (RNN, GRU). */
    public static RecurrentState of(Tensor h) {
        return new RecurrentState(h, null);
    }
}
