package dev.neurite.api.io;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Loss;

/** Test loss: mean squared error. */
final class SquaredError implements Loss {
    static final String TYPE = "test-mse";

    @Override
    public Tensor compute(Tensor predictions, Tensor targets) {
        return predictions.sub(targets).square().mean();
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
