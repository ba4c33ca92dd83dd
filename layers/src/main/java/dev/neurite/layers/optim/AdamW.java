package dev.neurite.layers.optim;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;

import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), as PyTorch's {@code torch.optim.AdamW}: before the Adam
 * step, {@code p *= 1 - lr * weightDecay}; weight decay 0.01 by default.
 */
public final class AdamW extends AdamFamily<AdamW> {
    public static final String TYPE = "adamw";
    public static final double DEFAULT_WEIGHT_DECAY = 0.01;

    public AdamW(Map<String, Tensor> parameters) {
        this(parameters, 1e-3);
    }

    public AdamW(Map<String, Tensor> parameters, double learningRate) {
        super(TYPE, parameters, learningRate, true);
        weightDecay(DEFAULT_WEIGHT_DECAY);
    }

    public AdamW(Map<String, Tensor> parameters, Config config) {
        this(parameters, config.getDouble("lr", 1e-3));
        configure(config);
    }
}
