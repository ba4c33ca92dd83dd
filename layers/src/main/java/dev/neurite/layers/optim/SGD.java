package dev.neurite.layers.optim;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;

import java.util.Map;
import java.util.Set;

/**
 * Stochastic gradient descent with optional momentum, dampening and Nesterov momentum, exactly as PyTorch's
 * {@code torch.optim.SGD}: {@code buf = momentum * buf + (1 - dampening) * g} (buf = g on the first step), then
 * {@code p -= lr * buf}, or {@code p -= lr * (g + momentum * buf)} with Nesterov. This keeps the learning rate outside
 * the buffer, unlike the textbook {@code v = beta v - alpha g; theta += v}; the two agree for a constant rate.
 */
public final class SGD extends AbstractOptimizer<SGD> {
    public static final String TYPE = "sgd";
    private static final String MOMENTUM = "momentum_buffer";

    private double momentum;
    private double dampening;
    private boolean nesterov;

    public SGD(Map<String, Tensor> parameters, double learningRate) {
        super(TYPE, parameters, learningRate);
    }

    public SGD(Map<String, Tensor> parameters, Config config) {
        this(parameters, config.getDouble("lr"));
        momentum(config.getDouble("momentum", 0), config.getDouble("dampening", 0), config.getBoolean("nesterov", false));
        configureCommon(config);
    }

    public SGD momentum(double momentum) {
        return momentum(momentum, 0, false);
    }

    public SGD nesterov(double momentum) {
        return momentum(momentum, 0, true);
    }

    public SGD momentum(double momentum, double dampening, boolean nesterov) {
        requireFraction("momentum", momentum);
        requireFraction("dampening", dampening);
        if (nesterov && (momentum == 0 || dampening != 0)) {
            throw new IllegalArgumentException("sgd: Nesterov momentum needs momentum > 0 and dampening 0, got momentum "
                    + momentum + ", dampening " + dampening);
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.nesterov = nesterov;
        return this;
    }

    @Override
    protected void update(String name, Tensor p, Tensor grad) {
        Tensor d = coupledDecay(p, grad);
        if (momentum != 0) {
            boolean first = !hasState(MOMENTUM, name);
            Tensor buf = state(MOMENTUM, name, p);
            if (first) {
                buf.copyFrom(d);
            } else {
                buf.mulInPlace(constant(momentum, buf));
                buf.addInPlace(dampening == 0 ? d : d.mul(1 - dampening));
            }
            d = nesterov ? d.add(buf.mul(momentum)) : buf;
        }
        p.subInPlace(d.mul(learningRate(name)));
    }

    @Override
    protected Set<String> stateKinds() {
        return Set.of(MOMENTUM);
    }

    @Override
    protected void addConfig(Config config) {
        config.with("momentum", momentum).with("dampening", dampening).with("nesterov", nesterov);
    }
}
