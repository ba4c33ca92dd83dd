package dev.neurite.rl.tabular;

import dev.neurite.api.Generator;
import dev.neurite.rl.Agent;
import dev.neurite.rl.LinearSchedule;
import dev.neurite.rl.Policy;
import dev.neurite.rl.mdp.TabularPolicy;

/**
 * A Q table Q[s][a] with epsilon-greedy behaviour. Greedy choices break ties uniformly at random: with Q starting at
 * 0, a fixed tie-break would keep trying the same action and explore far less than epsilon promises.
 */
public abstract class TabularAgent implements Agent<Integer, Integer> {
    protected final double[][] q;
    protected final double alpha;
    protected final double gamma;
    private final LinearSchedule epsilon;
    private final Generator random;
    private long steps;

    protected TabularAgent(String name, int states, int actions, double alpha, double gamma, LinearSchedule epsilon, long seed) {
        if (states < 1 || actions < 1) {
            throw new IllegalArgumentException(name + ": expected at least one state and action, got " + states + " and " + actions);
        }
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException(name + ": expected a step size alpha in (0, 1], got " + alpha);
        }
        if (!(gamma >= 0 && gamma <= 1)) {
            throw new IllegalArgumentException(name + ": expected a discount gamma in [0, 1], got " + gamma);
        }
        this.q = new double[states][actions];
        this.alpha = alpha;
        this.gamma = gamma;
        this.epsilon = epsilon;
        this.random = new Generator(seed);
    }

    /** Q[s][a], a copy. */
    public double[][] qTable() {
        double[][] copy = new double[q.length][];
        for (int s = 0; s < q.length; s++) {
            copy[s] = q[s].clone();
        }
        return copy;
    }

    public double epsilon() {
        return epsilon.value(steps);
    }

    @Override
    public Integer action(Integer s) {
        checkState(s);
        double eps = epsilon.value(steps);
        if (random.nextDouble() < eps) {
            return random.nextInt(q[s].length);
        }
        return greedyAction(s);
    }

    /** Counts one step of the epsilon schedule; subclasses call it from observe. */
    protected void tick() {
        steps++;
    }

    protected int greedyAction(int s) {
        double best = Double.NEGATIVE_INFINITY;
        int chosen = 0;
        int ties = 0;
        for (int a = 0; a < q[s].length; a++) {
            if (q[s][a] > best) {
                best = q[s][a];
                chosen = a;
                ties = 1;
            } else if (q[s][a] == best && random.nextInt(++ties) == 0) {
                chosen = a;
            }
        }
        return chosen;
    }

    protected double max(int s) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : q[s]) {
            m = Math.max(m, v);
        }
        return m;
    }

    protected void checkState(Integer s) {
        if (s == null || s < 0 || s >= q.length) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected a state in 0.." + (q.length - 1) + ", got " + s);
        }
    }

    /** Checks the transition's states and action against the table. */
    protected void check(dev.neurite.rl.Transition<Integer, Integer> t) {
        checkState(t.observation());
        checkState(t.next());
        if (t.action() == null || t.action() < 0 || t.action() >= q[0].length) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected an action in 0.." + (q[0].length - 1)
                    + ", got " + t.action());
        }
    }

    @Override
    public Policy<Integer, Integer> greedy() {
        return TabularPolicy.greedy(qTable());
    }
}
