package dev.neurite.layers.classic;

import dev.neurite.api.DType;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.nn.Sequential;
import dev.neurite.layers.activation.Step;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.init.Initializers;

/**
 * Rosenblatt's perceptron: one {@link Dense} unit followed by the {@link Step} activation, trained online with the
 * rule {@code w <- w + eta (y - yhat) x} (the bias is a weight on a constant input 1). The rule converges, in a finite
 * number of mistakes, exactly when the classes are linearly separable: it learns AND and OR but never XOR, which takes
 * a hidden layer. The trained unit is an ordinary {@link Sequential}, so it saves and loads like any model.
 */
public final class Perceptron {
    private static final String OP = "perceptron";

    /**
     * How training ended: {@code converged} when an epoch made no mistake (then {@code epochs} counts that clean
     * epoch), else the limit was reached; {@code accuracy} is measured on the training data after the last update.
     */
    public record Result(boolean converged, int epochs, int mistakesInLastEpoch, double accuracy) {
    }

    private final Dense unit;
    private final Step step = new Step();
    private final double eta;

    /** A unit over {@code features} inputs with zero initial weights and bias, learning rate {@code eta}. */
    public Perceptron(int features, double eta) {
        if (!(eta > 0) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException(OP + ": learning rate eta must be finite and > 0, got " + eta);
        }
        this.unit = new Dense(features, 1, true, Initializers.zeros(), Initializers.zeros(), DType.FLOAT32, 0);
        this.eta = eta;
    }

    /**
     * Passes over {@code x} ({@code [n, features]}) in order, updating after every example, until an epoch makes no
     * mistake or {@code maxEpochs} passes are done; {@code y} holds 0/1 targets ({@code [n]}).
     */
    @SuppressWarnings("try")
    public Result fit(Tensor x, Tensor y, int maxEpochs) {
        Checks.features(OP, x, unit.inFeatures());
        if (maxEpochs < 1) {
            throw new IllegalArgumentException(OP + ": maxEpochs must be >= 1, got " + maxEpochs);
        }
        if (y.rank() != 1 || y.size(0) != x.size(0)) {
            throw new IllegalArgumentException(OP + ": expected targets of shape [" + x.size(0) + "], got " + y.shape());
        }
        for (double v : y.toDoubleArray()) {
            if (v != 0 && v != 1) {
                throw new IllegalArgumentException(OP + ": expected 0/1 targets for the step unit, got " + v);
            }
        }
        long n = x.size(0);
        int epochs = 0;
        int mistakes = -1;
        try (GradMode.Guard g = GradMode.noGrad()) {
            Tensor xs = x.cast(DType.FLOAT32);
            Tensor ys = y.cast(DType.FLOAT32).reshape(-1, 1);
            while (epochs < maxEpochs && mistakes != 0) {
                mistakes = 0;
                for (long i = 0; i < n; i++) {
                    try (MemoryScope scope = MemoryScope.open()) {
                        Tensor xi = xs.slice(0, i, i + 1);
                        Tensor error = ys.slice(0, i, i + 1).sub(step.forward(unit.forward(xi)));
                        if (error.item() != 0) {
                            mistakes++;
                            unit.weight().addInPlace(error.mul(xi).mul(eta));
                            unit.bias().addInPlace(error.reshape(1).mul(eta));
                        }
                    }
                }
                epochs++;
            }
            double accuracy = predict(xs).eq(ys.reshape(-1)).cast(DType.FLOAT32).mean().item();
            return new Result(mistakes == 0, epochs, mistakes, accuracy);
        }
    }

    /** 0/1 predictions {@code [n]} as float32. */
    @SuppressWarnings("try")
    public Tensor predict(Tensor x) {
        Checks.features(OP + " predict", x, unit.inFeatures());
        try (GradMode.Guard g = GradMode.noGrad()) {
            return step.forward(unit.forward(x.cast(DType.FLOAT32))).reshape(-1);
        }
    }

    /** The weights {@code [1, features]} (a live view: the unit's parameter). */
    public Tensor weight() {
        return unit.weight();
    }

    public Tensor bias() {
        return unit.bias();
    }

    /** The trained unit and its step, as a model. */
    public Sequential model() {
        return new Sequential(unit, step);
    }
}
