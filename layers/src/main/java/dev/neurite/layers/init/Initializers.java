package dev.neurite.layers.init;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.nn.Config;

import java.util.List;

/**
 * The standard initialization schemes. Gains and bounds follow {@code torch.nn.init} so that a Neurite model's
 * weights have the same distribution as the equivalent PyTorch model's (not the same values: the generators differ).
 */
public final class Initializers {
    private static final List<String> TYPES = List.of("glorot_uniform", "glorot_normal", "he_uniform", "he_normal",
            "normal", "uniform", "constant");

    private Initializers() {
    }

    /** Xavier/Glorot: U(-b, b) with b = sqrt(6 / (fanIn + fanOut)), i.e. Var = 2 / (fanIn + fanOut). */
    public static Initializer glorotUniform() {
        return new Scheme("glorot_uniform", 0, 0);
    }

    /** Xavier/Glorot: N(0, 2 / (fanIn + fanOut)). */
    public static Initializer glorotNormal() {
        return new Scheme("glorot_normal", 0, 0);
    }

    /** Kaiming/He for ReLU (fan-in mode, gain sqrt 2): U(-b, b) with b = sqrt(6 / fanIn). */
    public static Initializer heUniform() {
        return heUniform(0);
    }

    /**
     * Kaiming/He for a leaky ReLU of negative slope {@code a}: gain sqrt(2 / (1 + a^2)), b = gain * sqrt(3 / fanIn).
     */
    public static Initializer heUniform(double a) {
        return new Scheme("he_uniform", a, 0);
    }

    /** Kaiming/He for ReLU: N(0, 2 / fanIn). */
    public static Initializer heNormal() {
        return heNormal(0);
    }

    public static Initializer heNormal(double a) {
        return new Scheme("he_normal", a, 0);
    }

    /**
     * What {@code torch.nn.Linear} does for both weight and bias: kaiming_uniform with a = sqrt 5, which works out
     * to U(-1/sqrt(fanIn), 1/sqrt(fanIn)).
     */
    public static Initializer pytorchDefault() {
        return heUniform(Math.sqrt(5));
    }

    public static Initializer normal(double mean, double std) {
        return new Scheme("normal", mean, std);
    }

    public static Initializer uniform(double low, double high) {
        if (low > high) {
            throw new IllegalArgumentException("uniform initializer: low " + low + " is greater than high " + high);
        }
        return new Scheme("uniform", low, high);
    }

    public static Initializer zeros() {
        return constant(0);
    }

    public static Initializer constant(double value) {
        return new Scheme("constant", value, 0);
    }

    /** Rebuilds an initializer from its {@link Initializer#config()}. */
    public static Initializer fromConfig(Config config) {
        String type = config.getString("type");
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("initializer: unknown type '" + type + "'; expected one of " + TYPES);
        }
        return new Scheme(type, config.getDouble("a", 0), config.getDouble("b", 0));
    }

    /** One record for every scheme: they differ only in how {@code a} and {@code b} become a distribution. */
    private record Scheme(String type, double a, double b) implements Initializer {
        @Override
        public Tensor create(Shape shape, DType dtype, long fanIn, long fanOut, long seed) {
            return switch (type) {
                case "glorot_uniform" -> uniform(shape, dtype, Math.sqrt(6.0 / positive(fanIn + fanOut)), seed);
                case "glorot_normal" -> normal(shape, dtype, 0, Math.sqrt(2.0 / positive(fanIn + fanOut)), seed);
                case "he_uniform" -> uniform(shape, dtype, leakyReluGain(a) * Math.sqrt(3.0 / positive(fanIn)), seed);
                case "he_normal" -> normal(shape, dtype, 0, leakyReluGain(a) / Math.sqrt(positive(fanIn)), seed);
                case "normal" -> normal(shape, dtype, a, b, seed);
                case "uniform" -> Tensor.random(shape, dtype, Distribution.UNIFORM, a, b, seed);
                case "constant" -> Tensor.full(shape, a, dtype);
                default -> throw new IllegalStateException(type);
            };
        }

        private long positive(long fan) {
            if (fan <= 0) {
                throw new IllegalArgumentException(type + " initializer: fan must be positive, got " + fan);
            }
            return fan;
        }

        private static double leakyReluGain(double negativeSlope) {
            return Math.sqrt(2.0 / (1 + negativeSlope * negativeSlope));
        }

        private static Tensor uniform(Shape shape, DType dtype, double bound, long seed) {
            return Tensor.random(shape, dtype, Distribution.UNIFORM, -bound, bound, seed);
        }

        private static Tensor normal(Shape shape, DType dtype, double mean, double std, long seed) {
            return Tensor.random(shape, dtype, Distribution.NORMAL, mean, std, seed);
        }

        @Override
        public Config config() {
            Config c = Config.empty().with("type", type);
            if (a != 0) {
                c.with("a", a);
            }
            if (b != 0) {
                c.with("b", b);
            }
            return c;
        }
    }
}
