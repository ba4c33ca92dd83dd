package dev.neurite.layers.optim;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;

import java.util.Map;
import java.util.Set;

/**
 * Per-element rates from the sum of squared gradients, as PyTorch's {@code torch.optim.Adagrad}:
 * {@code sum += g^2; p -= lr / (1 + (t - 1) lrDecay) * g / (sqrt(sum) + eps)}.
 */
public final class AdaGrad extends AbstractOptimizer<AdaGrad> {
    public static final String TYPE = "adagrad";
    private static final String SUM = "sum";

    private double learningRateDecay;
    private double initialAccumulator;
    private double eps = 1e-10;

    public AdaGrad(Map<String, Tensor> parameters) {
        this(parameters, 0.01);
    }

    public AdaGrad(Map<String, Tensor> parameters, double learningRate) {
        super(TYPE, parameters, learningRate);
    }

    public AdaGrad(Map<String, Tensor> parameters, Config config) {
        this(parameters, config.getDouble("lr", 0.01));
        learningRateDecay(config.getDouble("lr_decay", 0));
        initialAccumulator(config.getDouble("initial_accumulator_value", 0));
        eps(config.getDouble("eps", 1e-10));
        configureCommon(config);
    }

    public AdaGrad learningRateDecay(double decay) {
        requireNonNegative("lr decay", decay);
        this.learningRateDecay = decay;
        return this;
    }

    public AdaGrad initialAccumulator(double value) {
        requireNonNegative("initial accumulator value", value);
        this.initialAccumulator = value;
        return this;
    }

    public AdaGrad eps(double eps) {
        requireNonNegative("eps", eps);
        this.eps = eps;
        return this;
    }

    @Override
    protected void update(String name, Tensor p, Tensor grad) {
        Tensor g = coupledDecay(p, grad);
        Tensor sum = state(SUM, name, p, initialAccumulator);
        sum.addInPlace(g.square());
        Tensor std = sum.sqrt();
        std.addInPlace(constant(eps, std));
        double rate = learningRate(name) / (1 + (stepCount() - 1) * learningRateDecay);
        descend(p, g.div(std), rate);
    }

    @Override
    protected Set<String> stateKinds() {
        return Set.of(SUM);
    }

    @Override
    protected void addConfig(Config config) {
        config.with("lr_decay", learningRateDecay).with("initial_accumulator_value", initialAccumulator).with("eps", eps);
    }
}
