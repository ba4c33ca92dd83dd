package dev.neurite.layers.rnn;

import dev.neurite.api.Tensor;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.kernel.LstmKernel;

import java.util.List;

/**
 * One LSTM layer and direction through the backend's {@link LstmKernel}, packed like {@link Recurrence}'s result
 * ({@code [T + 2, B, H]}: outputs, final h, final c) so that the layer treats both paths alike.
 */
final class FusedLstm {
    private FusedLstm() {
    }

    /** @param bias {@code b_ih + b_hh}, or null */
    static Tensor run(LstmKernel kernel, Tensor x, Tensor wIh, Tensor wHh, Tensor bias, Tensor h0, Tensor c0, boolean reverse) {
        NdArray[] out = kernel.forward(x.data(), wIh.data(), wHh.data(), bias == null ? null : bias.data(), h0.data(), c0.data(), reverse);
        Tensor y = Tensor.wrap(out[0]);
        Tensor hN = Tensor.wrap(out[1]);
        Tensor cN = Tensor.wrap(out[2]);
        Tensor packed = Tensor.concat(List.of(y, hN.unsqueeze(0), cN.unsqueeze(0)), 0);
        long steps = x.size(0);
        Tensor[] inputs = {x, wIh, wHh, bias, h0, c0};
        return Tensor.fromOp("lstm_sequence", packed.data(), g -> {
            Tensor dy = g.slice(0, 0, steps);
            Tensor dh = g.slice(0, steps, steps + 1).squeeze(0);
            Tensor dc = g.slice(0, steps + 1, steps + 2).squeeze(0);
            NdArray[] d = kernel.backward(x.data(), wIh.data(), wHh.data(), bias == null ? null : bias.data(), h0.data(), c0.data(),
                    reverse, dy.data(), dh.data(), dc.data());
            Tensor[] grads = new Tensor[6];
            for (int i = 0; i < 6; i++) {
                grads[i] = d[i] == null ? null : Tensor.wrap(d[i]);
            }
            return grads;
        }, inputs);
    }
}
