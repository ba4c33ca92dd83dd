package dev.neurite.layers.activation;

import dev.neurite.api.DType;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;

/**
 * Leaky ReLU with a learned negative slope, as PyTorch's {@code nn.PReLU}: one slope shared by every element
 * ({@code numParameters = 1}, the default) or one per channel, the channel axis being 1 (NCHW, [batch, features]).
 * The slope starts at {@code init} (0.25) and is the parameter {@code weight}.
 */
public final class PReLU extends ActivationLayer {
    public static final String TYPE = "prelu";
    private final int numParameters;
    private final double init;
    private final DType dtype;
    private final Tensor weight;

    public PReLU() {
        this(1, 0.25, DType.FLOAT32);
    }

    public PReLU(int numParameters, double init, DType dtype) {
        super(TYPE);
        if (numParameters < 1) {
            throw new IllegalArgumentException("prelu: numParameters must be >= 1, got " + numParameters);
        }
        this.numParameters = numParameters;
        this.init = init;
        this.dtype = dtype;
        // Parameters live as long as the layer, not as long as whatever step scope happens to be open.
        this.weight = addParameter("weight", MemoryScope.outside(() -> Tensor.full(Shape.of(numParameters), init, dtype)));
    }

    public PReLU(Config config) {
        this(config.getInt("num_parameters", 1), config.getDouble("init", 0.25),
                DType.fromId(config.getString("dtype", DType.FLOAT32.id())));
    }

    @Override
    protected Tensor apply(Tensor x) {
        if (numParameters == 1) {
            return Activations.prelu(x, weight);
        }
        if (x.rank() < 2 || x.size(1) != numParameters) {
            throw new IllegalArgumentException("prelu: " + numParameters + " slopes need inputs with " + numParameters
                    + " channels on axis 1, got shape " + x.shape());
        }
        long[] channelShape = new long[x.rank() - 1];
        java.util.Arrays.fill(channelShape, 1);
        channelShape[0] = numParameters;
        return Activations.prelu(x, weight.reshape(channelShape));
    }

    @Override
    public Config config() {
        return Config.empty().with("num_parameters", numParameters).with("init", init).with("dtype", dtype.id());
    }
}
