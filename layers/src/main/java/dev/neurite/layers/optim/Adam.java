package dev.neurite.layers.optim;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;

import java.util.Map;

/**
 * Adam (betas 0.9, 0.999, eps 1e-8, with bias correction), as PyTorch's {@code torch.optim.Adam}; weight decay, if
 * set, is L2 added to the gradient. See {@link AdamW} for decoupled decay.
 */
public final class Adam extends AdamFamily<Adam> {
    public static final String TYPE = "adam";

    public Adam(Map<String, Tensor> parameters) {
        this(parameters, 1e-3);
    }

    public Adam(Map<String, Tensor> parameters, double learningRate) {
        super(TYPE, parameters, learningRate, false);
    }

    public Adam(Map<String, Tensor> parameters, Config config) {
        this(parameters, config.getDouble("lr", 1e-3));
        configure(config);
    }
}
