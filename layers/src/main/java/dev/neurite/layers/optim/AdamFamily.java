package dev.neurite.layers.optim;

import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Kernels;
import dev.neurite.api.backend.kernel.AdamKernel;
import dev.neurite.api.nn.Config;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Adam's update, shared by {@link Adam} (weight decay added to the gradient) and {@link AdamW} (decoupled weight
 * decay, which under Adam is not the same thing). PyTorch 1.13's formulation:
 * {@code m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
 * p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}.
 */
abstract class AdamFamily<S extends AdamFamily<S>> extends AbstractOptimizer<S> {
    private static final String EXP_AVG = "exp_avg";
    private static final String EXP_AVG_SQ = "exp_avg_sq";

    private final boolean decoupled;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double eps = 1e-8;

    AdamFamily(String typeId, Map<String, Tensor> parameters, double learningRate, boolean decoupled) {
        super(typeId, parameters, learningRate);
        this.decoupled = decoupled;
    }

    /** Reads betas and eps, then the common settings. */
    final void configure(Config config) {
        betas(config.getDouble("beta1", 0.9), config.getDouble("beta2", 0.999));
        eps(config.getDouble("eps", 1e-8));
        configureCommon(config);
    }

    public S betas(double beta1, double beta2) {
        requireFraction("beta1", beta1);
        requireFraction("beta2", beta2);
        this.beta1 = beta1;
        this.beta2 = beta2;
        return self();
    }

    public S eps(double eps) {
        requireNonNegative("eps", eps);
        this.eps = eps;
        return self();
    }

    @Override
    protected void update(String name, Tensor p, Tensor grad) {
        Tensor g = grad;
        if (decoupled) {
            if (weightDecay() != 0) {
                p.mulInPlace(scalar(1 - learningRate(name) * weightDecay(), p));
            }
        } else {
            g = coupledDecay(p, grad);
        }
        Tensor m = state(EXP_AVG, name, p);
        Tensor v = state(EXP_AVG_SQ, name, p);
        long t = stepCount();
        Optional<AdamKernel> kernel = Kernels.find(p.backend(), AdamKernel.class);
        if (kernel.isPresent()) {
            kernel.get().update(p.data(), g.data(), m.data(), v.data(), learningRate(name), beta1, beta2, eps, t);
            return;
        }
        // Eleven passes over the parameter on the primitive path.
        movingAverage(m, g, beta1);
        movingAverageOfTemporary(v, g.square(), beta2);
        double stepSize = learningRate(name) / (1 - Math.pow(beta1, t));
        double correction2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
        // m / (sqrt(v) / c + eps) == c * m / (sqrt(v) + eps c): the bias correction moves into two scalars, saving a pass.
        Tensor denominator = v.sqrt();
        denominator.addInPlace(scalar(eps * correction2Sqrt, denominator));
        descend(p, m.div(denominator), stepSize * correction2Sqrt);
    }

    @Override
    protected Set<String> stateKinds() {
        return Set.of(EXP_AVG, EXP_AVG_SQ);
    }

    @Override
    protected void addConfig(Config config) {
        config.with("beta1", beta1).with("beta2", beta2).with("eps", eps);
    }
}
