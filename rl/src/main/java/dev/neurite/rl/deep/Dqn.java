package dev.neurite.rl.deep;

import dev.neurite.api.Generator;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.nn.Layer;
import dev.neurite.layers.loss.Huber;
import dev.neurite.layers.optim.Adam;
import dev.neurite.layers.optim.GradientClipping;
import dev.neurite.rl.Agent;
import dev.neurite.rl.LinearSchedule;
import dev.neurite.rl.Policy;
import dev.neurite.rl.Transition;

import java.util.ArrayList;
import java.util.List;

/**
 * Deep Q-network (Mnih et al. 2015): an MLP Q(s, .; w) trained on minibatches from a {@link ReplayBuffer} towards the
 * TD target {@code y = r + gamma (1 - terminated) max_a' Q(s', a'; w-)} of a target network w- that is a periodic copy
 * of w, with the Huber loss (the error is clipped in the gradient), Adam and gradient clipping by norm. Behaviour is
 * epsilon-greedy with epsilon annealed linearly. A truncated step still bootstraps: only termination ends the return.
 */
public final class Dqn implements Agent<double[], Integer> {
    /** Hyperparameters; {@link #cartPole()} and {@link #small()} are starting points. */
    public record Options(int hidden, int layers, double learningRate, double gamma, int batchSize, int bufferCapacity,
                          int learningStarts, int trainEvery, int targetUpdateEvery, LinearSchedule epsilon, double maxGradNorm,
                          long seed) {
        public Options {
            if (hidden < 1 || layers < 0 || batchSize < 1 || bufferCapacity < batchSize || trainEvery < 1 || targetUpdateEvery < 1) {
                throw new IllegalArgumentException("Dqn: expected hidden >= 1, layers >= 0, 1 <= batchSize <= bufferCapacity, "
                        + "trainEvery >= 1 and targetUpdateEvery >= 1, got " + this);
            }
            if (!(gamma >= 0 && gamma <= 1) || !(learningRate > 0)) {
                throw new IllegalArgumentException("Dqn: expected gamma in [0, 1] and a positive learning rate, got gamma " + gamma
                        + " and learning rate " + learningRate);
            }
        }

        public static Options cartPole() {
            return new Options(128, 2, 1e-3, 0.99, 64, 50_000, 1_000, 1, 500, new LinearSchedule(1.0, 0.05, 10_000), 10, 0);
        }

        /** For tiny problems such as a {@link dev.neurite.rl.env.Chain}: learns in a few hundred steps. */
        public static Options small() {
            return new Options(32, 1, 5e-3, 0.9, 32, 2_000, 64, 1, 50, new LinearSchedule(1.0, 0.05, 500), 10, 0);
        }

        public Options withSeed(long newSeed) {
            return new Options(hidden, layers, learningRate, gamma, batchSize, bufferCapacity, learningStarts, trainEvery,
                    targetUpdateEvery, epsilon, maxGradNorm, newSeed);
        }

        public Options withGamma(double newGamma) {
            return new Options(hidden, layers, learningRate, newGamma, batchSize, bufferCapacity, learningStarts, trainEvery,
                    targetUpdateEvery, epsilon, maxGradNorm, seed);
        }
    }

    private final int dimension;
    private final int actions;
    private final Options options;
    private final Layer online;
    private final Layer target;
    private final Adam optimizer;
    private final Huber huber = new Huber();
    private final ReplayBuffer<Transition<double[], Integer>> buffer;
    private final Generator random;
    private long steps;
    private long updates;
    private double lastLoss = Double.NaN;

    public Dqn(int observationDimension, int actions, Options options) {
        if (observationDimension < 1 || actions < 1) {
            throw new IllegalArgumentException("Dqn: expected a positive observation dimension and action count, got "
                    + observationDimension + " and " + actions);
        }
        this.dimension = observationDimension;
        this.actions = actions;
        this.options = options;
        this.random = new Generator(options.seed());
        this.online = Nets.mlp(observationDimension, options.hidden(), options.layers(), actions, new Generator(random.nextSeed()));
        this.target = Nets.mlp(observationDimension, options.hidden(), options.layers(), actions, new Generator(random.nextSeed()));
        Nets.copyWeights(online, target);
        this.optimizer = MemoryScope.outside(() -> new Adam(online.parameters(), options.learningRate()));
        this.buffer = new ReplayBuffer<>(options.bufferCapacity());
    }

    /**
     * The TD targets {@code r + gamma (1 - terminated) max_a' nextQ[., a']} for a batch: {@code nextQ} [B, A] from the
     * target network, {@code rewards} and {@code notTerminated} (1 or 0) [B].
     */
    public static Tensor tdTargets(Tensor nextQ, Tensor rewards, Tensor notTerminated, double gamma) {
        if (nextQ.rank() != 2 || rewards.rank() != 1 || !rewards.shape().equals(notTerminated.shape())
                || rewards.size(0) != nextQ.size(0)) {
            throw new IllegalArgumentException("Dqn.tdTargets: expected nextQ [B, A] with rewards and notTerminated [B], got "
                    + nextQ.shape() + ", " + rewards.shape() + " and " + notTerminated.shape());
        }
        return rewards.add(nextQ.max(1, false).mul(notTerminated).mul(gamma));
    }

    public Layer qNetwork() {
        return online;
    }

    public Options options() {
        return options;
    }

    public double epsilon() {
        return options.epsilon().value(steps);
    }

    /** The Huber loss of the latest update (NaN before the first). */
    public double lastLoss() {
        return lastLoss;
    }

    public long updates() {
        return updates;
    }

    /** Q(s, .) from the online network. */
    public float[] qValues(double[] observation) {
        if (observation.length != dimension) {
            throw new IllegalArgumentException("Dqn.qValues: expected an observation of length " + dimension + ", got "
                    + observation.length);
        }
        try (MemoryScope scope = MemoryScope.open(); GradMode.Guard g = GradMode.noGrad()) {
            return online.forward(Nets.vector(observation).reshape(1, dimension)).toFloatArray();
        }
    }

    @Override
    public Integer action(double[] observation) {
        if (random.nextDouble() < epsilon()) {
            return random.nextInt(actions);
        }
        return Nets.argmax(qValues(observation));
    }

    @Override
    public void observe(Transition<double[], Integer> t) {
        if (t.action() < 0 || t.action() >= actions) {
            throw new IllegalArgumentException("Dqn.observe: expected an action in 0.." + (actions - 1) + ", got " + t.action());
        }
        buffer.add(t);
        steps++;
        if (buffer.size() >= Math.max(options.learningStarts(), options.batchSize()) && steps % options.trainEvery() == 0) {
            update(buffer.sample(options.batchSize(), random));
        }
        if (steps % options.targetUpdateEvery() == 0) {
            Nets.copyWeights(online, target);
        }
    }

    /** One gradient step on {@code batch}; returns its Huber loss. */
    public double update(List<Transition<double[], Integer>> batch) {
        int n = batch.size();
        List<double[]> obs = new ArrayList<>(n);
        List<double[]> next = new ArrayList<>(n);
        long[] chosen = new long[n];
        float[] rewards = new float[n];
        float[] notTerminated = new float[n];
        for (int i = 0; i < n; i++) {
            Transition<double[], Integer> t = batch.get(i);
            obs.add(t.observation());
            next.add(t.next());
            chosen[i] = t.action();
            rewards[i] = (float) t.reward();
            notTerminated[i] = t.terminated() ? 0 : 1;
        }
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor y;
            try (GradMode.Guard g = GradMode.noGrad()) {
                y = tdTargets(target.forward(Nets.batch("Dqn.update", next, dimension)), Tensor.of(rewards, n),
                        Tensor.of(notTerminated, n), options.gamma());
            }
            Tensor q = online.forward(Nets.batch("Dqn.update", obs, dimension));
            Tensor qTaken = q.mul(Tensor.ofLongs(chosen, n).oneHot(actions)).sum(1, false);
            Tensor loss = huber.compute(qTaken, y);
            optimizer.zeroGrad();
            loss.backward();
            GradientClipping.byNorm(online.parameters().values(), options.maxGradNorm());
            optimizer.step();
            lastLoss = loss.item();
        }
        updates++;
        return lastLoss;
    }

    @Override
    public Policy<double[], Integer> greedy() {
        return observation -> Nets.argmax(qValues(observation));
    }
}
