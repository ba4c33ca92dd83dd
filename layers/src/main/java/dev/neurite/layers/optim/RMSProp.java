package dev.neurite.layers.optim;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;

import java.util.Map;
import java.util.Set;

/**
 * Divides by a moving root-mean-square of the gradient, as PyTorch's {@code torch.optim.RMSprop}: alpha 0.99,
 * eps 1e-8 (added after the square root), optional momentum and the centered variant.
 */
public final class RMSProp extends AbstractOptimizer<RMSProp> {
    public static final String TYPE = "rmsprop";
    private static final String SQUARE_AVG = "square_avg";
    private static final String GRAD_AVG = "grad_avg";
    private static final String MOMENTUM = "momentum_buffer";

    private double alpha = 0.99;
    private double eps = 1e-8;
    private double momentum;
    private boolean centered;

    public RMSProp(Map<String, Tensor> parameters) {
        this(parameters, 0.01);
    }

    public RMSProp(Map<String, Tensor> parameters, double learningRate) {
        super(TYPE, parameters, learningRate);
    }

    public RMSProp(Map<String, Tensor> parameters, Config config) {
        this(parameters, config.getDouble("lr", 0.01));
        alpha(config.getDouble("alpha", 0.99));
        eps(config.getDouble("eps", 1e-8));
        momentum(config.getDouble("momentum", 0));
        centered(config.getBoolean("centered", false));
        configureCommon(config);
    }

    public RMSProp alpha(double alpha) {
        requireFraction("alpha", alpha);
        this.alpha = alpha;
        return this;
    }

    public RMSProp eps(double eps) {
        requireNonNegative("eps", eps);
        this.eps = eps;
        return this;
    }

    public RMSProp momentum(double momentum) {
        requireFraction("momentum", momentum);
        this.momentum = momentum;
        return this;
    }

    /** Normalises by the gradient's estimated variance instead of its raw second moment. */
    public RMSProp centered(boolean centered) {
        this.centered = centered;
        return this;
    }

    @Override
    protected void update(String name, Tensor p, Tensor grad) {
        Tensor g = coupledDecay(p, grad);
        Tensor squareAvg = state(SQUARE_AVG, name, p);
        movingAverageOfTemporary(squareAvg, g.square(), alpha);
        Tensor avg;
        if (centered) {
            Tensor gradAvg = state(GRAD_AVG, name, p);
            movingAverage(gradAvg, g, alpha);
            avg = squareAvg.sub(gradAvg.square()).sqrt();
        } else {
            avg = squareAvg.sqrt();
        }
        avg.addInPlace(constant(eps, avg));
        Tensor direction = g.div(avg);
        if (momentum > 0) {
            Tensor buf = state(MOMENTUM, name, p);
            buf.mulInPlace(constant(momentum, buf));
            buf.addInPlace(direction);
            p.subInPlace(buf.mul(learningRate(name)));
        } else {
            descend(p, direction, learningRate(name));
        }
    }

    @Override
    protected Set<String> stateKinds() {
        return Set.of(SQUARE_AVG, GRAD_AVG, MOMENTUM);
    }

    @Override
    protected void addConfig(Config config) {
        config.with("alpha", alpha).with("eps", eps).with("momentum", momentum).with("centered", centered);
    }
}
