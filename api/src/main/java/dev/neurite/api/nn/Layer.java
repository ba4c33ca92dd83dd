package dev.neurite.api.nn;

import dev.neurite.api.Tensor;

import java.util.List;
import java.util.Map;

/**
 * A differentiable building block. Parameters are tensors with {@code requiresGrad(true)}; buffers are state that
 * is saved but not trained (batch-norm running statistics). Names are dotted paths, e.g. {@code 0.weight}.
 * Most layers extend {@link AbstractLayer}.
 */
public interface Layer extends Component {
    Tensor forward(Tensor input);

    /** Layers with several inputs (add, concatenate, attention) override this; others take exactly one. */
    default Tensor forward(List<Tensor> inputs) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(typeId() + ": expected 1 input, got " + inputs.size());
        }
        return forward(inputs.get(0));
    }

    /** Trainable parameters of this layer and its children, in a stable order. */
    Map<String, Tensor> parameters();

    /** Non-trainable saved state of this layer and its children. */
    Map<String, Tensor> buffers();

    /** Direct children with their names (empty for leaf layers). */
    Map<String, Layer> children();

    /** Switches training behaviour (dropout, batch norm) for this layer and its children. */
    void train(boolean training);

    boolean isTraining();

    /** Shorthand for {@code train(false)}. */
    default void eval() {
        train(false);
    }
}
