package dev.neurite.api.nn;

import dev.neurite.api.Tensor;

/** A differentiable objective: predictions and targets in, a scalar out (mean over the batch unless configured). */
public interface Loss extends Component {
    Tensor compute(Tensor predictions, Tensor targets);
}
