package dev.neurite.layers.loss;

import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.BackwardFunction;
import dev.neurite.api.autograd.GradMode;

import java.util.function.Supplier;

/**
 * Records a loss computed without the tape as one differentiable op with a hand-written gradient. Used where the
 * composed primitives would give the wrong gradient at a tie (|z| at 0) or NaN at a clamp (log 0), and where one
 * node is cheaper than a dozen.
 */
final class FusedLoss {
    private FusedLoss() {
    }

    @SuppressWarnings("try") // the guard only scopes no-grad mode
    static Tensor record(String op, Supplier<Tensor> forward, BackwardFunction backward, Tensor... inputs) {
        Tensor value;
        try (GradMode.Guard g = GradMode.noGrad()) {
            value = forward.get();
        }
        return Tensor.fromOp(op, value.data(), backward, inputs);
    }
}
