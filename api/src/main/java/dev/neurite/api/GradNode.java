package dev.neurite.api;

import dev.neurite.api.autograd.BackwardFunction;

/** One recorded operation on the autograd tape: its inputs and the rule that maps the output gradient to theirs. */
final class GradNode {
    final String op;
    final Tensor[] inputs;
    final BackwardFunction backward;

    GradNode(String op, Tensor[] inputs, BackwardFunction backward) {
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
    }
}
