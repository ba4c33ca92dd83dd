package dev.neurite.rl.deep;

import dev.neurite.api.Generator;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.nn.Layer;
import dev.neurite.layers.optim.Adam;
import dev.neurite.rl.Agent;
import dev.neurite.rl.Policy;
import dev.neurite.rl.Returns;
import dev.neurite.rl.Transition;

import java.util.ArrayList;
import java.util.List;

/**
 * REINFORCE with a learned baseline (Williams 1992; Sutton and Barto 13.4): a softmax policy pi(a|s; theta) samples
 * the actions of an episode; at its end every step's return G_t is known and theta moves along
 * {@code sum_t (G_t - v(s_t)) grad log pi(a_t|s_t)}, while the value network v(s; w) regresses G_t. Subtracting the
 * baseline leaves the gradient unbiased and lowers its variance. As in common implementations the gamma^t factor of
 * the book's update is left out, and the advantages of an episode are optionally standardised.
 */
public final class Reinforce implements Agent<double[], Integer> {
    /** Hyperparameters; {@link #cartPole()} and {@link #small()} are starting points. */
    public record Options(int hidden, double policyLearningRate, double valueLearningRate, double gamma,
                          boolean standardizeAdvantages, long seed) {
        public Options {
            if (hidden < 1 || !(policyLearningRate > 0) || !(valueLearningRate > 0) || !(gamma >= 0 && gamma <= 1)) {
                throw new IllegalArgumentException("Reinforce: expected hidden >= 1, positive learning rates and gamma in [0, 1], got "
                        + this);
            }
        }

        public static Options cartPole() {
            return new Options(128, 2e-3, 5e-3, 0.99, true, 0);
        }

        public static Options small() {
            return new Options(32, 2e-2, 2e-2, 0.9, false, 0);
        }

        public Options withSeed(long newSeed) {
            return new Options(hidden, policyLearningRate, valueLearningRate, gamma, standardizeAdvantages, newSeed);
        }
    }

    private final int dimension;
    private final int actions;
    private final Options options;
    private final Layer policy;
    private final Layer value;
    private final Adam policyOptimizer;
    private final Adam valueOptimizer;
    private final Generator random;
    private final List<double[]> observations = new ArrayList<>();
    private final List<Integer> taken = new ArrayList<>();
    private final List<Double> rewards = new ArrayList<>();
    private double lastPolicyLoss = Double.NaN;
    private double lastValueLoss = Double.NaN;

    public Reinforce(int observationDimension, int actions, Options options) {
        if (observationDimension < 1 || actions < 1) {
            throw new IllegalArgumentException("Reinforce: expected a positive observation dimension and action count, got "
                    + observationDimension + " and " + actions);
        }
        this.dimension = observationDimension;
        this.actions = actions;
        this.options = options;
        this.random = new Generator(options.seed());
        this.policy = Nets.mlp(observationDimension, options.hidden(), 1, actions, new Generator(random.nextSeed()));
        this.value = Nets.mlp(observationDimension, options.hidden(), 1, 1, new Generator(random.nextSeed()));
        this.policyOptimizer = MemoryScope.outside(() -> new Adam(policy.parameters(), options.policyLearningRate()));
        this.valueOptimizer = MemoryScope.outside(() -> new Adam(value.parameters(), options.valueLearningRate()));
    }

    public Layer policyNetwork() {
        return policy;
    }

    public Layer valueNetwork() {
        return value;
    }

    public Options options() {
        return options;
    }

    public double lastPolicyLoss() {
        return lastPolicyLoss;
    }

    public double lastValueLoss() {
        return lastValueLoss;
    }

    /** pi(.|s). */
    public float[] probabilities(double[] observation) {
        if (observation.length != dimension) {
            throw new IllegalArgumentException("Reinforce.probabilities: expected an observation of length " + dimension + ", got "
                    + observation.length);
        }
        try (MemoryScope scope = MemoryScope.open(); GradMode.Guard g = GradMode.noGrad()) {
            return policy.forward(Nets.vector(observation).reshape(1, dimension)).softmax(1).toFloatArray();
        }
    }

    @Override
    public Integer action(double[] observation) {
        float[] p = probabilities(observation);
        double u = random.nextDouble();
        for (int a = 0; a < p.length; a++) {
            u -= p[a];
            if (u < 0) {
                return a;
            }
        }
        return p.length - 1;
    }

    @Override
    public void observe(Transition<double[], Integer> t) {
        if (t.action() < 0 || t.action() >= actions) {
            throw new IllegalArgumentException("Reinforce.observe: expected an action in 0.." + (actions - 1) + ", got " + t.action());
        }
        observations.add(t.observation());
        taken.add(t.action());
        rewards.add(t.reward());
    }

    /** Learns from the finished episode (one step for each network) and forgets it. */
    @Override
    public void endEpisode() {
        int n = rewards.size();
        if (n == 0) {
            return;
        }
        double[] g = Returns.discounted(rewards.stream().mapToDouble(Double::doubleValue).toArray(), options.gamma());
        float[] returns = new float[n];
        long[] chosen = new long[n];
        for (int t = 0; t < n; t++) {
            returns[t] = (float) g[t];
            chosen[t] = taken.get(t);
        }
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor obs = Nets.batch("Reinforce.endEpisode", observations, dimension);
            Tensor target = Tensor.of(returns, n);
            Tensor v = value.forward(obs).reshape(n);
            Tensor advantage = target.sub(v.detach());
            if (options.standardizeAdvantages() && n > 1) {
                Tensor centered = advantage.sub(advantage.mean());
                advantage = centered.div(centered.square().mean().sqrt().add(1e-8));
            }
            Tensor logProbability = policy.forward(obs).logSoftmax(1).mul(Tensor.ofLongs(chosen, n).oneHot(actions)).sum(1, false);
            Tensor policyLoss = logProbability.mul(advantage).mean().neg();
            Tensor valueLoss = v.sub(target).square().mean();
            policyOptimizer.zeroGrad();
            valueOptimizer.zeroGrad();
            policyLoss.backward();
            valueLoss.backward();
            policyOptimizer.step();
            valueOptimizer.step();
            lastPolicyLoss = policyLoss.item();
            lastValueLoss = valueLoss.item();
        }
        observations.clear();
        taken.clear();
        rewards.clear();
    }

    @Override
    public Policy<double[], Integer> greedy() {
        return observation -> Nets.argmax(probabilities(observation));
    }
}
