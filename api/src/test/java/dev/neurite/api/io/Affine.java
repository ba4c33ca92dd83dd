package dev.neurite.api.io;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;

/** Test layer {@code y = (x w + b) * scale} with a non-trainable buffer {@code scale}, so buffers are covered too. */
final class Affine extends AbstractLayer {
    static final String TYPE = "test-affine";
    private final int in;
    private final int out;
    private final long seed;
    private final Tensor weight;
    private final Tensor bias;
    private final Tensor scale;

    Affine(int in, int out, long seed) {
        this.in = in;
        this.out = out;
        this.seed = seed;
        this.weight = addParameter("weight", Tensor.randn(Shape.of(in, out), seed));
        this.bias = addParameter("bias", Tensor.randn(Shape.of(out), seed + 1));
        this.scale = addBuffer("scale", Tensor.ones(Shape.of(out), DType.FLOAT32));
    }

    static Affine fromConfig(Config c) {
        return new Affine(c.getInt("in"), c.getInt("out"), c.getLong("seed"));
    }

    Tensor scale() {
        return scale;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.matmul(weight).add(bias).mul(scale);
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("in", in).with("out", out).with("seed", seed);
    }
}
