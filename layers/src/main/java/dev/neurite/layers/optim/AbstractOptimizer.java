package dev.neurite.layers.optim;

import dev.neurite.api.DType;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Optimizer;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every standard optimizer shares: named parameters, learning rate, weight decay, gradient clipping, the step
 * count and named state for checkpoints ({@code <kind>.<parameter>}, e.g. {@code exp_avg.0.weight}, plus
 * {@code step}). Subclasses implement one in-place {@link #update} per parameter, which runs under
 * {@link GradMode#noGrad()}.
 *
 * <p>State tensors are created lazily on the first step, which usually runs inside the Trainer's per-step
 * {@link MemoryScope}; they are created outside it so they survive the step.
 *
 * @param <S> the concrete type, so the fluent setters chain without casts
 */
public abstract class AbstractOptimizer<S extends AbstractOptimizer<S>> implements Optimizer {
    private static final String STEP = "step";

    private final String typeId;
    private final Map<String, Tensor> parameters;
    private final OptimizerState state;
    private final ScalarCache constants = new ScalarCache();
    private final ScalarCache stepScalars = new ScalarCache();
    private double learningRate;
    private double initialLearningRate;
    private double weightDecay;
    private double clipNorm;
    private double clipValue;
    private long steps;
    /** Learning-rate factors by name prefix, and the resulting factor of each parameter that has one. */
    private final Map<String, Double> rateScales = new LinkedHashMap<>();
    private final Map<String, Double> scaleByName = new LinkedHashMap<>();

    protected AbstractOptimizer(String typeId, Map<String, Tensor> parameters, double learningRate) {
        this.typeId = typeId;
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException(typeId + ": got an empty parameter map");
        }
        parameters.forEach((name, p) -> {
            if (!p.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException(typeId + ": parameter '" + name + "' must be floating point, got "
                        + p.dtype() + " of shape " + p.shape());
            }
        });
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.state = new OptimizerState(typeId, this.parameters, stateKinds());
        setLearningRate(learningRate);
        this.initialLearningRate = learningRate;
    }

    /** Reads the settings every optimizer has; subclasses call it from their config constructor. */
    protected final void configureCommon(Config config) {
        initialLearningRate = config.getDouble("initial_lr", learningRate);
        weightDecay(config.getDouble("weight_decay", weightDecay));
        clipGradNorm(config.getDouble("clip_norm", 0));
        clipGradValue(config.getDouble("clip_value", 0));
        if (config.has("lr_scales")) {
            config.getConfig("lr_scales").asMap().forEach((prefix, factor) ->
                    learningRateScale(prefix, ((Number) factor).doubleValue()));
        }
    }

    @SuppressWarnings("unchecked")
    protected final S self() {
        return (S) this;
    }

    /** L2 weight decay (added to the gradient, or decoupled for AdamW). */
    public S weightDecay(double decay) {
        requireNonNegative("weight decay", decay);
        this.weightDecay = decay;
        return self();
    }

    /** Before each step, scales all gradients together so their global L2 norm is at most {@code maxNorm}; 0 = off. */
    public S clipGradNorm(double maxNorm) {
        requireNonNegative("clip norm", maxNorm);
        this.clipNorm = maxNorm;
        return self();
    }

    /** Before each step (after norm clipping), clamps every gradient element to {@code [-limit, limit]}; 0 = off. */
    public S clipGradValue(double limit) {
        requireNonNegative("clip value", limit);
        this.clipValue = limit;
        return self();
    }

    /**
     * Scales the learning rate of the parameters under {@code prefix} (a dotted name path: {@code "0"} covers
     * {@code 0.weight} and {@code 0.bias}, not {@code 10.weight}) by {@code factor}, like a PyTorch parameter group
     * with its own {@code lr}: e.g. pretrained layers fine-tuned at a tenth of the rate of a new head. The longest
     * matching prefix wins. Schedules set the base rate, so every group follows them in proportion.
     */
    public S learningRateScale(String prefix, double factor) {
        requireNonNegative("learning rate scale", factor);
        List<String> matched = Freezing.matching(parameters.keySet(), prefix);
        if (matched.isEmpty()) {
            throw new IllegalArgumentException(typeId + ": learning rate scale prefix '" + prefix + "' matches no parameter;"
                    + " parameters are " + parameters.keySet());
        }
        rateScales.put(prefix, factor);
        scaleByName.clear();
        for (String name : parameters.keySet()) {
            String best = null;
            for (String candidate : rateScales.keySet()) {
                if (Freezing.matches(name, candidate) && (best == null || candidate.length() > best.length())) {
                    best = candidate;
                }
            }
            if (best != null) {
                scaleByName.put(name, rateScales.get(best));
            }
        }
        return self();
    }

    /** The learning rate of parameter {@code name}: the base rate times its group's factor (1 outside any group). */
    protected final double learningRate(String name) {
        return learningRate * scaleByName.getOrDefault(name, 1.0);
    }

    public double weightDecay() {
        return weightDecay;
    }

    protected final void requireNonNegative(String what, double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException(typeId + ": " + what + " must be >= 0, got " + value);
        }
    }

    protected final void requireFraction(String what, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(typeId + ": " + what + " must be in [0, 1), got " + value);
        }
    }

    @SuppressWarnings("try") // the guard only scopes no-grad mode
    @Override
    public final void step() {
        // A tensor registered under two names (tied weights) is still updated once.
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<String, Tensor> withGrad = new LinkedHashMap<>();
        parameters.forEach((name, p) -> {
            if (p.grad() != null && seen.add(p)) {
                withGrad.put(name, p);
            }
        });
        steps++;
        try (GradMode.Guard g = GradMode.noGrad()) {
            clip(withGrad);
            withGrad.forEach((name, p) -> update(name, p, p.grad()));
        } finally {
            stepScalars.clear();
        }
    }

    /** Norm clipping first, then value clipping, as Keras applies {@code clipnorm} and {@code clipvalue}. */
    private void clip(Map<String, Tensor> withGrad) {
        if (clipNorm > 0) {
            GradientClipping.byNorm(withGrad.values(), clipNorm);
        }
        if (clipValue > 0) {
            GradientClipping.byValue(withGrad.values(), clipValue);
        }
    }

    /** Updates {@code p} in place from its gradient; runs under no-grad. {@link #stepCount()} is already 1-based. */
    protected abstract void update(String name, Tensor p, Tensor grad);

    /** The number of steps taken, including the one in progress. */
    protected final long stepCount() {
        return steps;
    }

    /** {@code grad + weightDecay * p}: L2 regularisation folded into the gradient, as SGD and Adam in PyTorch. */
    protected final Tensor coupledDecay(Tensor p, Tensor grad) {
        return weightDecay == 0 ? grad : grad.add(p.mul(weightDecay));
    }

    /** {@code average = decay * average + (1 - decay) * x}, in place; {@code x} is left alone. */
    protected final void movingAverage(Tensor average, Tensor x, double decay) {
        average.mulInPlace(constant(decay, average));
        average.addInPlace(x.mul(1 - decay));
    }

    /**
     * As {@link #movingAverage}, for an {@code x} that is a temporary of this step: it is scaled in place, which on
     * a native backend is cheaper than allocating a scaled copy.
     */
    protected final void movingAverageOfTemporary(Tensor average, Tensor x, double decay) {
        average.mulInPlace(constant(decay, average));
        x.mulInPlace(constant(1 - decay, x));
        average.addInPlace(x);
    }

    /** {@code p -= rate * direction}, where {@code direction} is a temporary of this step (scaled in place). */
    protected final void descend(Tensor p, Tensor direction, double rate) {
        direction.mulInPlace(scalar(rate, direction));
        p.subInPlace(direction);
    }

    /** Whether state {@code kind} exists yet for parameter {@code name}. */
    protected final boolean hasState(String kind, String name) {
        return state.has(kind, name);
    }

    /** The state tensor {@code kind} of parameter {@code name}, created filled with {@code initial} on first use. */
    protected final Tensor state(String kind, String name, Tensor like, double initial) {
        return state.get(kind, name, like, initial);
    }

    protected final Tensor state(String kind, String name, Tensor like) {
        return state(kind, name, like, 0);
    }

    /** A one-element tensor for in-place ops, cached for the optimizer's life: for fixed hyperparameters only. */
    protected final Tensor constant(double value, Tensor like) {
        return constants.get(value, like);
    }

    /** A one-element tensor for a value that changes from step to step; shared within the step, freed at its end. */
    protected final Tensor scalar(double value, Tensor like) {
        return stepScalars.get(value, like);
    }

    /**
     * The state kinds this optimizer keeps (e.g. {@code exp_avg}), used to validate loaded state. Called from the
     * constructor, so it must not depend on subclass fields.
     */
    protected abstract Set<String> stateKinds();

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
    public double initialLearningRate() {
        return initialLearningRate;
    }

    @Override
    public void setLearningRate(double learningRate) {
        requireNonNegative("learning rate", learningRate);
        this.learningRate = learningRate;
    }

    /** The live state tensors plus {@code step}, a fresh int64 scalar. */
    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> r = new LinkedHashMap<>(state.tensors());
        r.put(STEP, Tensor.scalar(steps, DType.INT64));
        return r;
    }

    /** Replaces the whole state (as PyTorch's {@code load_state_dict}) with copies of {@code saved}. */
    @Override
    public void loadState(Map<String, Tensor> saved) {
        Map<String, Tensor> tensors = new LinkedHashMap<>(saved);
        Tensor step = tensors.remove(STEP);
        state.replace(tensors);
        steps = step == null ? 0 : (long) step.item();
    }

    @Override
    public String typeId() {
        return typeId;
    }

    @Override
    public final Config config() {
        Config c = Config.empty().with("lr", learningRate).with("initial_lr", initialLearningRate).with("weight_decay", weightDecay)
                .with("clip_norm", clipNorm).with("clip_value", clipValue);
        if (!rateScales.isEmpty()) {
            c.with("lr_scales", Config.of(rateScales));
        }
        addConfig(c);
        return c;
    }

    /** Subclasses add their hyperparameters. */
    protected abstract void addConfig(Config config);

    @Override
    public String toString() {
        return typeId + config();
    }
}
