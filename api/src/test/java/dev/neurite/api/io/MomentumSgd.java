package dev.neurite.api.io;

import dev.neurite.api.DType;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Optimizer;

import java.util.LinkedHashMap;
import java.util.Map;

/** Test optimizer: SGD with momentum, whose velocities and int64 step count are its state. */
@SuppressWarnings("try") // scopes and no-grad guards are opened for their effect
final class MomentumSgd implements Optimizer {
    static final String TYPE = "test-sgd";
    private final Map<String, Tensor> parameters;
    private final Map<String, Tensor> state = new LinkedHashMap<>();
    private final double momentum;
    private double learningRate;

    MomentumSgd(Map<String, Tensor> parameters, double learningRate, double momentum) {
        this.parameters = parameters;
        this.learningRate = learningRate;
        this.momentum = momentum;
        MemoryScope.outside(() -> {
            parameters.forEach((n, p) -> state.put("velocity." + n, Tensor.zeros(p.shape(), p.dtype())));
            return state.put("step", Tensor.zeros(Shape.scalar(), DType.INT64));
        });
    }

    static MomentumSgd fromConfig(Config c, Map<String, Tensor> parameters) {
        return new MomentumSgd(parameters, c.getDouble("lr"), c.getDouble("momentum"));
    }

    @Override
    public void step() {
        try (MemoryScope scope = MemoryScope.open(); GradMode.Guard g = GradMode.noGrad()) {
            parameters.forEach((n, p) -> {
                if (p.grad() != null) {
                    Tensor v = state.get("velocity." + n);
                    v.mulInPlace(Tensor.scalar(momentum)).addInPlace(p.grad());
                    p.subInPlace(v.mul(learningRate));
                }
            });
            state.get("step").addInPlace(Tensor.scalar(1, DType.INT64));
        }
    }

    @Override
    public void zeroGrad() {
        parameters.values().forEach(Tensor::zeroGrad);
    }

    @Override
    public Map<String, Tensor> parameters() {
        return parameters;
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    @Override
    public void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }

    @Override
    public Map<String, Tensor> state() {
        return state;
    }

    @Override
    public void loadState(Map<String, Tensor> saved) {
        if (!saved.keySet().equals(state.keySet())) {
            throw new IllegalArgumentException("test-sgd: state names " + saved.keySet() + " do not match " + state.keySet());
        }
        try (GradMode.Guard g = GradMode.noGrad()) {
            state.forEach((n, t) -> t.copyFrom(saved.get(n)));
        }
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("lr", learningRate).with("momentum", momentum);
    }
}
