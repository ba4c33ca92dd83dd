package dev.neurite.layers.rnn;

import dev.neurite.api.Tensor;

/**
 * The sequence recurrence the recurrent layers run on, for code that holds its weights itself (an imported ONNX
 * graph, say): one direction of one layer over a whole sequence as a single differentiable operation whose backward
 * is back-propagation through time, linear in the sequence length. Gate blocks are in PyTorch's order (see
 * {@link Cell}).
 */
public final class RecurrenceFunctions {
    private RecurrenceFunctions() {
    }

    /** The outputs of every step {@code [T, B, H]}, the final hidden state {@code [B, H]} and, for LSTM, the final cell state. */
    public record Sequence(Tensor outputs, Tensor hidden, Tensor cell) {
    }

    /**
     * @param xProj   {@code [T, B, G*H]}: {@code W_ih x + b_ih} for every step, plus {@code b_hh} for RNN and LSTM
     * @param wHh     {@code [G*H, H]}
     * @param bHh     {@code [G*H]} for GRU (its {@code b_hn} sits inside the reset gate's product), else null
     * @param h0      {@code [B, H]}
     * @param c0      {@code [B, H]} for LSTM, else null
     * @param reverse whether the direction runs from the last step to the first
     */
    public static Sequence run(Cell cell, Tensor xProj, Tensor wHh, Tensor bHh, Tensor h0, Tensor c0, boolean reverse) {
        if (xProj.rank() != 3 || wHh.rank() != 2 || xProj.size(2) != wHh.size(0) || wHh.size(0) != cell.gates() * wHh.size(1)) {
            throw new IllegalArgumentException(cell + " recurrence: expected xProj [T, B, G*H] and wHh [G*H, H] with G = "
                    + cell.gates() + ", got " + xProj.shape() + " and " + wHh.shape());
        }
        if ((cell == Cell.GRU) != (bHh != null) || cell.hasCellState() != (c0 != null)) {
            throw new IllegalArgumentException(cell + " recurrence: bHh is for GRU only and c0 for LSTM only");
        }
        long steps = xProj.size(0);
        Tensor packed = Recurrence.run(cell, xProj, wHh, bHh, h0, c0, null, reverse);
        return new Sequence(packed.slice(0, 0, steps), packed.slice(0, steps, steps + 1).squeeze(0),
                cell.hasCellState() ? packed.slice(0, steps + 1, steps + 2).squeeze(0) : null);
    }
}
