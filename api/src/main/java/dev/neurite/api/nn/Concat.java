package dev.neurite.api.nn;

import dev.neurite.api.Tensor;

import java.util.List;

/** Concatenates its inputs along an axis (channels by default, as in U-Net skip connections). */
public final class Concat extends AbstractLayer {
    public static final String TYPE = "concat";
    private final int axis;

    public Concat(int axis) {
        this.axis = axis;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input;
    }

    @Override
    public Tensor forward(List<Tensor> inputs) {
        return Tensor.concat(inputs, axis);
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("axis", axis);
    }
}
