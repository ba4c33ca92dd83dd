package dev.neurite.layers.core;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Kernels;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.kernel.LinearKernel;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;
import dev.neurite.layers.init.Initializer;
import dev.neurite.layers.init.Initializers;

import java.util.Optional;

/**
 * A fully connected layer {@code y = x W^T + b}, PyTorch's {@code nn.Linear}: weight {@code [out, in]}, bias
 * {@code [out]}. Inputs of any rank >= 1 are transformed along their last axis. When the backend offers a fused
 * {@link LinearKernel} it is used for the forward pass.
 *
 * <p>Construction is reproducible: the initial values come from an explicit seed (or one drawn from a
 * {@link Generator}), and that seed is part of the config, so rebuilding from a config gives the same weights.
 * Both weight and bias default to PyTorch's initialization, U(-1/sqrt(in), 1/sqrt(in)).
 */
public final class Dense extends AbstractLayer {
    public static final String TYPE = "dense";

    private final long in;
    private final long out;
    private final boolean hasBias;
    private final Initializer weightInit;
    private final Initializer biasInit;
    private final DType dtype;
    private final long seed;
    private final Tensor weight;
    private final Tensor bias;
    private boolean useKernel = true;

    public Dense(long in, long out, Generator generator) {
        this(in, out, Seeds.next(generator));
    }

    public Dense(long in, long out, long seed) {
        this(in, out, true, Initializers.pytorchDefault(), Initializers.pytorchDefault(), DType.FLOAT32, seed);
    }

    public Dense(long in, long out, boolean bias, Initializer weightInit, Generator generator) {
        this(in, out, bias, weightInit, Initializers.pytorchDefault(), DType.FLOAT32, Seeds.next(generator));
    }

    public Dense(long in, long out, boolean bias, Initializer weightInit, Initializer biasInit, DType dtype, long seed) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("dense: in and out must be >= 1, got in=" + in + ", out=" + out);
        }
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("dense: parameters must be floating point, got " + dtype);
        }
        this.in = in;
        this.out = out;
        this.hasBias = bias;
        this.weightInit = weightInit;
        this.biasInit = biasInit;
        this.dtype = dtype;
        this.seed = seed;
        // Weight and bias need independent streams; a SplittableRandom-backed Generator derives them from one seed.
        Generator streams = new Generator(seed);
        long weightSeed = streams.nextSeed();
        long biasSeed = streams.nextSeed();
        // Parameters live as long as the layer, not as long as whatever step scope happens to be open.
        this.weight = addParameter("weight",
                MemoryScope.outside(() -> weightInit.create(Shape.of(out, in), dtype, in, out, weightSeed)));
        this.bias = bias
                ? addParameter("bias", MemoryScope.outside(() -> biasInit.create(Shape.of(out), dtype, in, out, biasSeed)))
                : null;
    }

    public Dense(Config config) {
        this(config.getLong("in"), config.getLong("out"), config.getBoolean("bias", true),
                initializer(config, "weight_init"), initializer(config, "bias_init"),
                DType.fromId(config.getString("dtype", DType.FLOAT32.id())), config.getLong("seed"));
    }

    private static Initializer initializer(Config config, String key) {
        return config.has(key) ? Initializers.fromConfig(config.getConfig(key)) : Initializers.pytorchDefault();
    }

    public long inFeatures() {
        return in;
    }

    public long outFeatures() {
        return out;
    }

    public Tensor weight() {
        return weight;
    }

    /** The bias, or {@code null} when the layer was built without one. */
    public Tensor bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 1 || x.size(-1) != in) {
            throw new IllegalArgumentException("dense: expected input with last dimension " + in + ", got shape " + x.shape());
        }
        if (x.dtype() != dtype) {
            throw new IllegalArgumentException("dense: input dtype " + x.dtype() + " does not match the layer's " + dtype
                    + "; cast the input or build the layer with dtype " + x.dtype());
        }
        if (x.rank() == 2) {
            return linear(x);
        }
        Shape lead = x.shape().sub(0, x.rank() - 1);
        return linear(x.reshape(-1, in)).reshape(lead.append(out));
    }

    /** Forces the primitive path even where the backend has a fused kernel, so tests can compare the two. */
    Dense withoutKernel() {
        useKernel = false;
        return this;
    }

    private Tensor linear(Tensor x) {
        Optional<LinearKernel> kernel = useKernel ? Kernels.find(x.backend(), LinearKernel.class) : Optional.empty();
        if (kernel.isEmpty()) {
            Tensor y = x.matmul(weight, false, true);
            return hasBias ? y.add(bias) : y;
        }
        NdArray y = kernel.get().forward(x.data(), weight.data(), hasBias ? bias.data() : null);
        // The tape rejects null inputs, so a bias-free layer records two inputs, not a null third.
        Tensor[] inputs = hasBias ? new Tensor[]{x, weight, bias} : new Tensor[]{x, weight};
        return Tensor.fromOp("linear", y, g -> {
            Tensor[] grads = new Tensor[inputs.length];
            grads[0] = x.requiresGrad() ? g.matmul(weight) : null;
            grads[1] = weight.requiresGrad() ? g.matmul(x, true, false) : null;
            if (hasBias && bias.requiresGrad()) {
                // A product with a row of ones: several times faster than a column reduction of a tall matrix.
                grads[2] = Tensor.wrap(g.backend().full(Shape.of(1, g.size(0)), 1, g.dtype())).matmul(g).reshape(out);
            }
            return grads;
        }, inputs);
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("in", in).with("out", out).with("bias", hasBias)
                .with("weight_init", weightInit.config()).with("bias_init", biasInit.config())
                .with("dtype", dtype.id()).with("seed", seed);
    }
}
