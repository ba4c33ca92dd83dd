package dev.neurite.rl.mdp;

import dev.neurite.api.Generator;
import dev.neurite.rl.Discrete;
import dev.neurite.rl.Environment;
import dev.neurite.rl.Space;
import dev.neurite.rl.Step;

import java.util.Arrays;
import java.util.List;

/**
 * A finite MDP as an {@link Environment}: the start state is drawn from a start distribution, each step samples s'
 * from P(.|s,a), an episode terminates on entering a terminal state and is truncated after {@code maxSteps} steps.
 * The observation is the state index, so model-free agents (Q-learning, SARSA) learn on the same problem that
 * dynamic programming solves from the model.
 */
public final class MdpEnvironment implements Environment<Integer, Integer> {
    private final String name;
    private final FiniteMdp mdp;
    private final double[] start;
    private final int maxSteps;
    private final Discrete states;
    private final Discrete actions;
    private Generator random;
    private int state = -1;
    private int steps;

    /** {@code start[s]} is the probability of starting in s; it must be 0 for terminal states. */
    public MdpEnvironment(String name, FiniteMdp mdp, double[] start, int maxSteps) {
        if (start.length != mdp.states()) {
            throw new IllegalArgumentException(name + ": expected a start distribution over " + mdp.states() + " states, got "
                    + start.length);
        }
        double total = Arrays.stream(start).sum();
        if (Arrays.stream(start).anyMatch(p -> !(p >= 0)) || Math.abs(total - 1) > 1e-9) {
            throw new IllegalArgumentException(name + ": expected start probabilities >= 0 summing to 1, got " + Arrays.toString(start));
        }
        for (int s = 0; s < start.length; s++) {
            if (start[s] > 0 && mdp.isTerminal(s)) {
                throw new IllegalArgumentException(name + ": expected no start probability on terminal state " + s + ", got " + start[s]);
            }
        }
        if (maxSteps < 1) {
            throw new IllegalArgumentException(name + ": expected maxSteps >= 1, got " + maxSteps);
        }
        this.name = name;
        this.mdp = mdp;
        this.start = start.clone();
        this.maxSteps = maxSteps;
        this.states = new Discrete(mdp.states());
        this.actions = new Discrete(mdp.actions());
    }

    /** Starts uniformly in any non-terminal state ("exploring starts"). */
    public static double[] uniformNonTerminal(FiniteMdp mdp) {
        double[] p = new double[mdp.states()];
        int n = 0;
        for (int s = 0; s < p.length; s++) {
            if (!mdp.isTerminal(s)) {
                n++;
            }
        }
        for (int s = 0; s < p.length; s++) {
            p[s] = mdp.isTerminal(s) ? 0 : 1.0 / n;
        }
        return p;
    }

    public FiniteMdp mdp() {
        return mdp;
    }

    public int maxSteps() {
        return maxSteps;
    }

    @Override
    public Space<Integer> observationSpace() {
        return states;
    }

    @Override
    public Space<Integer> actionSpace() {
        return actions;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Integer reset(long seed) {
        random = new Generator(seed);
        return reset();
    }

    @Override
    public Integer reset() {
        if (random == null) {
            throw new IllegalStateException(name + ".reset: the first reset needs a seed");
        }
        state = draw(start);
        steps = 0;
        return state;
    }

    @Override
    public Step<Integer> step(Integer action) {
        if (state < 0) {
            throw new IllegalStateException(name + ".step: no episode is running; call reset first");
        }
        actions.require(name + ".step", action);
        List<FiniteMdp.Outcome> outcomes = mdp.outcomes(state, action);
        double u = random.nextDouble();
        FiniteMdp.Outcome chosen = outcomes.get(outcomes.size() - 1);
        for (FiniteMdp.Outcome o : outcomes) {
            u -= o.probability();
            if (u < 0) {
                chosen = o;
                break;
            }
        }
        steps++;
        boolean terminated = mdp.isTerminal(chosen.next());
        boolean truncated = !terminated && steps >= maxSteps;
        state = terminated || truncated ? -1 : chosen.next();
        return new Step<>(chosen.next(), chosen.reward(), terminated, truncated);
    }

    private int draw(double[] p) {
        double u = random.nextDouble();
        int last = 0;
        for (int s = 0; s < p.length; s++) {
            if (p[s] > 0) {
                last = s;
                u -= p[s];
                if (u < 0) {
                    return s;
                }
            }
        }
        return last;
    }
}
