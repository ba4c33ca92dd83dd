package dev.neurite.layers.optim;

import dev.neurite.api.DType;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Optimizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Limited-memory BFGS, a quasi-Newton method for full-batch problems, with the semantics of PyTorch's
 * {@code torch.optim.LBFGS}: each {@link #step(Closure)} runs up to {@code max_iter} iterations (at most
 * {@code max_eval} closure calls), building an inverse-Hessian approximation from the last {@code history_size}
 * curvature pairs; the step length is {@code lr} (the first iteration ever: {@code min(1, 1/|g|_1) * lr}) or is found
 * by a strong-Wolfe line search. It stops early when {@code max|g| <= tolerance_grad} or when the loss or the step
 * changes by less than {@code tolerance_change}. The history persists across steps, as in PyTorch.
 *
 * <p>Unlike first-order optimizers it needs to re-evaluate the loss several times per step, so it takes a
 * {@link Closure}; the argument-free {@link #step()} is refused. All parameters are treated as one flat vector and
 * the algorithm runs in double precision. Mini-batch noise breaks its curvature estimates: use it on the full batch.
 */
public final class LBFGS implements Optimizer {
    public static final String TYPE = "lbfgs";
    /** The {@code line_search} value for the strong-Wolfe line search; {@code "none"} takes fixed steps. */
    public static final String STRONG_WOLFE = "strong_wolfe";
    private static final String NONE = "none";

    /**
     * Computes the loss at the current parameters and back-propagates it (call {@code backward()}), returning its
     * value. The optimizer clears the gradients before each call and reads them right after it, inside a memory
     * scope of its own, so the closure needs neither {@code zeroGrad()} nor a scope.
     */
    @FunctionalInterface
    public interface Closure {
        double evaluate();
    }

    private final Map<String, Tensor> parameters;
    private final List<Tensor> flat;
    private final int size;
    private double learningRate;
    private double initialLearningRate;
    private int maxIter = 20;
    private int maxEval = 25;
    private double toleranceGrad = 1e-7;
    private double toleranceChange = 1e-9;
    private int historySize = 100;
    private boolean strongWolfe;

    // State carried across steps, as PyTorch keeps it in state[params[0]].
    private long funcEvals;
    private long iterations;
    private double[] direction;
    private double stepLength;
    private final List<double[]> oldDirs = new ArrayList<>();
    private final List<double[]> oldSteps = new ArrayList<>();
    private final List<Double> rho = new ArrayList<>();
    private double hDiag = 1;
    private double[] prevFlatGrad;
    private double prevLoss;

    public LBFGS(Map<String, Tensor> parameters, double learningRate) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("lbfgs: got an empty parameter map");
        }
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Tensor> distinct = new ArrayList<>();
        long n = 0;
        for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
            if (!e.getValue().dtype().isFloatingPoint()) {
                throw new IllegalArgumentException("lbfgs: parameter '" + e.getKey() + "' must be floating point, got "
                        + e.getValue().dtype() + " of shape " + e.getValue().shape());
            }
            if (seen.add(e.getValue())) {
                distinct.add(e.getValue());
                n += e.getValue().numel();
            }
        }
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.flat = List.copyOf(distinct);
        this.size = Math.toIntExact(n);
        setLearningRate(learningRate);
        this.initialLearningRate = learningRate;
    }

    public LBFGS(Map<String, Tensor> parameters, Config config) {
        this(parameters, config.getDouble("lr", 1));
        initialLearningRate = config.getDouble("initial_lr", learningRate);
        int iter = config.getInt("max_iter", 20);
        maxIter(iter).maxEval(config.getInt("max_eval", iter * 5 / 4))
                .toleranceGrad(config.getDouble("tolerance_grad", 1e-7))
                .toleranceChange(config.getDouble("tolerance_change", 1e-9))
                .historySize(config.getInt("history_size", 100))
                .lineSearch(config.getString("line_search", NONE));
    }

    /** Iterations per step; also sets {@code max_eval} to {@code maxIter * 5 / 4}, PyTorch's default. */
    public LBFGS maxIter(int maxIter) {
        requirePositive("max_iter", maxIter);
        this.maxIter = maxIter;
        this.maxEval = maxIter * 5 / 4;
        return this;
    }

    public LBFGS maxEval(int maxEval) {
        requirePositive("max_eval", maxEval);
        this.maxEval = maxEval;
        return this;
    }

    public LBFGS toleranceGrad(double tolerance) {
        requireNonNegative("tolerance_grad", tolerance);
        this.toleranceGrad = tolerance;
        return this;
    }

    public LBFGS toleranceChange(double tolerance) {
        requireNonNegative("tolerance_change", tolerance);
        this.toleranceChange = tolerance;
        return this;
    }

    public LBFGS historySize(int historySize) {
        requirePositive("history_size", historySize);
        this.historySize = historySize;
        return this;
    }

    /** {@code "strong_wolfe"} or {@code "none"} (fixed steps of length {@code lr}). */
    public LBFGS lineSearch(String lineSearch) {
        if (!STRONG_WOLFE.equals(lineSearch) && !NONE.equals(lineSearch)) {
            throw new IllegalArgumentException("lbfgs: line_search must be 'strong_wolfe' or 'none', got '" + lineSearch + "'");
        }
        this.strongWolfe = STRONG_WOLFE.equals(lineSearch);
        return this;
    }

    private static void requirePositive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("lbfgs: " + what + " must be >= 1, got " + value);
        }
    }

    private static void requireNonNegative(String what, double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("lbfgs: " + what + " must be >= 0, got " + value);
        }
    }

    /** Refused: L-BFGS re-evaluates the loss several times per step. */
    @Override
    public void step() {
        throw new IllegalStateException("lbfgs: step() needs a closure that re-evaluates the loss and calls backward; "
                + "use step(closure) on the full batch instead of a mini-batch Trainer");
    }

    /** One optimisation step of up to {@code max_iter} iterations; returns the loss before it (as PyTorch). */
    public double step(Closure closure) {
        Evaluation first = evaluate(closure);
        double origLoss = first.loss;
        double loss = first.loss;
        double[] flatGrad = first.grad;
        int currentEvals = 1;
        funcEvals++;
        boolean optCond = Vectors.maxAbs(flatGrad) <= toleranceGrad;
        if (optCond) {
            return origLoss;
        }
        int n = 0;
        while (n < maxIter) {
            n++;
            iterations++;
            if (iterations == 1) {
                direction = Vectors.scaled(flatGrad, -1);
                oldDirs.clear();
                oldSteps.clear();
                rho.clear();
                hDiag = 1;
            } else {
                direction = twoLoop(flatGrad);
            }
            prevFlatGrad = flatGrad.clone();
            prevLoss = loss;
            stepLength = iterations == 1 ? Math.min(1, 1 / Vectors.sumAbs(flatGrad)) * learningRate : learningRate;
            double gtd = Vectors.dot(flatGrad, direction);
            if (gtd > -toleranceChange) {
                break;
            }
            int lsEvals = 0;
            if (strongWolfe) {
                StrongWolfe.Result r = new StrongWolfe(this, closure, gather(), direction, toleranceChange)
                        .search(stepLength, loss, flatGrad, gtd);
                loss = r.loss();
                flatGrad = r.grad();
                stepLength = r.step();
                lsEvals = r.evaluations();
                addStep(gather(), stepLength, direction);
                optCond = Vectors.maxAbs(flatGrad) <= toleranceGrad;
            } else {
                addStep(gather(), stepLength, direction);
                if (n != maxIter) {
                    // No re-evaluation after the last iteration: the next step begins with one anyway.
                    Evaluation e = evaluate(closure);
                    loss = e.loss;
                    flatGrad = e.grad;
                    optCond = Vectors.maxAbs(flatGrad) <= toleranceGrad;
                    lsEvals = 1;
                }
            }
            currentEvals += lsEvals;
            funcEvals += lsEvals;
            if (n == maxIter || currentEvals >= maxEval || optCond) {
                break;
            }
            if (Vectors.maxAbs(direction) * Math.abs(stepLength) <= toleranceChange) {
                break;
            }
            if (Math.abs(loss - prevLoss) < toleranceChange) {
                break;
            }
        }
        return origLoss;
    }

    /** Updates the curvature history with the last step and returns {@code -H g} by the two-loop recursion. */
    private double[] twoLoop(double[] flatGrad) {
        double[] y = Vectors.difference(flatGrad, prevFlatGrad);
        double[] s = Vectors.scaled(direction, stepLength);
        double ys = Vectors.dot(y, s);
        if (ys > 1e-10) {
            if (oldDirs.size() == historySize) {
                oldDirs.remove(0);
                oldSteps.remove(0);
                rho.remove(0);
            }
            oldDirs.add(y);
            oldSteps.add(s);
            rho.add(1 / ys);
            hDiag = ys / Vectors.dot(y, y);
        }
        int k = oldDirs.size();
        double[] al = new double[k];
        double[] q = Vectors.scaled(flatGrad, -1);
        for (int i = k - 1; i >= 0; i--) {
            al[i] = Vectors.dot(oldSteps.get(i), q) * rho.get(i);
            Vectors.addScaled(q, oldDirs.get(i), -al[i]);
        }
        double[] r = Vectors.scaled(q, hDiag);
        for (int i = 0; i < k; i++) {
            double be = Vectors.dot(oldDirs.get(i), r) * rho.get(i);
            Vectors.addScaled(r, oldSteps.get(i), al[i] - be);
        }
        return r;
    }

    record Evaluation(double loss, double[] grad) {
    }

    /** Runs the closure with cleared gradients and returns the loss and the flat gradient (zeros where none). */
    @SuppressWarnings("try") // the scope frees what the closure allocates
    Evaluation evaluate(Closure closure) {
        zeroGrad();
        try (MemoryScope scope = MemoryScope.open()) {
            double loss = closure.evaluate();
            double[] g = new double[size];
            int offset = 0;
            for (Tensor p : flat) {
                int n = Math.toIntExact(p.numel());
                if (p.grad() != null) {
                    System.arraycopy(p.grad().toDoubleArray(), 0, g, offset, n);
                }
                offset += n;
            }
            // The gradients live in this scope: clear them before it releases their memory.
            zeroGrad();
            return new Evaluation(loss, g);
        }
    }

    /** The parameters as one vector, in map order. */
    double[] gather() {
        double[] x = new double[size];
        int offset = 0;
        for (Tensor p : flat) {
            double[] v = p.toDoubleArray();
            System.arraycopy(v, 0, x, offset, v.length);
            offset += v.length;
        }
        return x;
    }

    /** Sets the parameters to {@code x + t * d}. */
    @SuppressWarnings("try") // the guard only scopes no-grad mode
    void addStep(double[] x, double t, double[] d) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = x[i] + t * d[i];
        }
        set(v);
    }

    @SuppressWarnings("try")
    void set(double[] x) {
        int offset = 0;
        try (GradMode.Guard g = GradMode.noGrad(); MemoryScope scope = MemoryScope.open()) {
            for (Tensor p : flat) {
                int n = Math.toIntExact(p.numel());
                double[] part = new double[n];
                System.arraycopy(x, offset, part, 0, n);
                p.copyFrom(Tensor.of(p.dtype(), part, p.shape().toArray()));
                offset += n;
            }
        }
    }

    /** Closure calls since this optimizer was created (PyTorch's {@code func_evals}). */
    public long functionEvaluations() {
        return funcEvals;
    }

    /** Iterations since this optimizer was created (PyTorch's {@code n_iter}). */
    public long iterations() {
        return iterations;
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
    public double initialLearningRate() {
        return initialLearningRate;
    }

    @Override
    public void setLearningRate(double learningRate) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("lbfgs: learning rate must be > 0, got " + learningRate);
        }
        this.learningRate = learningRate;
    }

    @Override
    public Map<String, Tensor> state() {
        return LBFGSState.save(this);
    }

    @Override
    public void loadState(Map<String, Tensor> state) {
        LBFGSState.load(this, state);
    }

    // Accessors for LBFGSState, which keeps the tensor encoding of the history out of this class.
    int size() {
        return size;
    }

    int historyCapacity() {
        return historySize;
    }

    long[] counters() {
        return new long[]{funcEvals, iterations};
    }

    double[] scalars() {
        return new double[]{stepLength, hDiag, prevLoss};
    }

    double[] direction() {
        return direction;
    }

    double[] prevFlatGrad() {
        return prevFlatGrad;
    }

    List<double[]> oldDirs() {
        return oldDirs;
    }

    List<double[]> oldSteps() {
        return oldSteps;
    }

    List<Double> rho() {
        return rho;
    }

    void restore(long evals, long iters, double[] scalars, double[] direction, double[] prevGrad,
                 List<double[]> dirs, List<double[]> steps, List<Double> rhos) {
        this.funcEvals = evals;
        this.iterations = iters;
        this.stepLength = scalars[0];
        this.hDiag = scalars[1];
        this.prevLoss = scalars[2];
        this.direction = direction;
        this.prevFlatGrad = prevGrad;
        oldDirs.clear();
        oldDirs.addAll(dirs);
        oldSteps.clear();
        oldSteps.addAll(steps);
        rho.clear();
        rho.addAll(rhos);
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("lr", learningRate).with("initial_lr", initialLearningRate).with("max_iter", maxIter)
                .with("max_eval", maxEval).with("tolerance_grad", toleranceGrad).with("tolerance_change", toleranceChange)
                .with("history_size", historySize).with("line_search", strongWolfe ? STRONG_WOLFE : NONE);
    }

    @Override
    public String toString() {
        return TYPE + config();
    }

    static Tensor vector(double[] values) {
        return MemoryScope.outside(() -> Tensor.of(DType.FLOAT64, values, values.length));
    }
}
