package dev.neurite.api.nn;

import dev.neurite.api.Tensor;

import java.util.List;

/** Sums its inputs elementwise (with broadcasting): the merge of a residual connection. */
public final class Add extends AbstractLayer {
    public static final String TYPE = "add";

    @Override
    public Tensor forward(Tensor input) {
        return input;
    }

    @Override
    public Tensor forward(List<Tensor> inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("add: expected at least one input");
        }
        Tensor sum = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            sum = sum.add(inputs.get(i));
        }
        return sum;
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty();
    }
}
