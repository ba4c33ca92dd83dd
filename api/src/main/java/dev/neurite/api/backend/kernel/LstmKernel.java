package dev.neurite.api.backend.kernel;

import dev.neurite.api.backend.NdArray;

/**
 * A whole LSTM sequence for one layer and direction in one native call each way, in PyTorch's layout and gate order
 * ({@code i, f, g, o}): {@code x [T, B, in]}, {@code wIh [4H, in]}, {@code wHh [4H, H]}, {@code bias [4H]} (the sum
 * {@code b_ih + b_hh}, or null), {@code h0} and {@code c0 [B, H]}. With {@code reverse}, the sequence runs from
 * the last step to the first and output {@code t} belongs to input {@code t}.
 */
public interface LstmKernel {
    /** {@code {y [T, B, H], hN [B, H], cN [B, H]}}. */
    NdArray[] forward(NdArray x, NdArray wIh, NdArray wHh, NdArray bias, NdArray h0, NdArray c0, boolean reverse);

    /**
     * The gradients {@code {dx, dWIh, dWHh, dBias (null without bias), dh0, dc0}} for the gradients of the outputs
     * {@code dy [T, B, H]}, {@code dhN} and {@code dcN [B, H]}, from the same inputs as the forward call.
     */
    NdArray[] backward(NdArray x, NdArray wIh, NdArray wHh, NdArray bias, NdArray h0, NdArray c0, boolean reverse,
                       NdArray dy, NdArray dhN, NdArray dcN);
}
