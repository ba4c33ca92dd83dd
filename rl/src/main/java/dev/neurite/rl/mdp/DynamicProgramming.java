package dev.neurite.rl.mdp;

/**
 * Dynamic programming on a known finite MDP (Sutton and Barto, chapter 4): iterative policy evaluation, policy
 * iteration and value iteration. Sweeps update values in place (as the book's pseudocode does) until the largest
 * change is below {@code theta}. With gamma = 1 a policy that never reaches a terminal state has no finite value;
 * evaluation then stops at {@code maxSweeps} with an IllegalStateException rather than looping forever.
 */
public final class DynamicProgramming {
    /** Optimal (or converged) state values, a greedy policy for them, and the sweeps or improvement rounds it took. */
    public record Solution(double[] values, TabularPolicy policy, int iterations) {
    }

    public static final double DEFAULT_THETA = 1e-10;
    public static final int DEFAULT_MAX_SWEEPS = 100_000;

    private DynamicProgramming() {
    }

    /** v_pi by iterative policy evaluation: v(s) = sum_a pi(a|s) sum_s' P(s'|s,a) (R + gamma v(s')). */
    public static double[] evaluate(FiniteMdp mdp, TabularPolicy policy) {
        return evaluate(mdp, policy, new double[mdp.states()], DEFAULT_THETA, DEFAULT_MAX_SWEEPS);
    }

    public static double[] evaluate(FiniteMdp mdp, TabularPolicy policy, double[] initial, double theta, int maxSweeps) {
        if (policy.states() != mdp.states() || policy.actions() != mdp.actions()) {
            throw new IllegalArgumentException("DynamicProgramming.evaluate: expected a policy over " + mdp.states() + " states and "
                    + mdp.actions() + " actions, got " + policy.states() + " and " + policy.actions());
        }
        double[] v = initial.clone();
        for (int sweep = 1; sweep <= maxSweeps; sweep++) {
            double delta = 0;
            for (int s = 0; s < mdp.states(); s++) {
                if (mdp.isTerminal(s)) {
                    v[s] = 0;
                    continue;
                }
                double value = 0;
                for (int a = 0; a < mdp.actions(); a++) {
                    double p = policy.probability(s, a);
                    if (p > 0) {
                        value += p * mdp.q(v, s, a);
                    }
                }
                delta = Math.max(delta, Math.abs(value - v[s]));
                v[s] = value;
            }
            if (delta < theta) {
                return v;
            }
        }
        throw new IllegalStateException("DynamicProgramming.evaluate: values did not converge to theta " + theta + " in " + maxSweeps
                + " sweeps (with gamma " + mdp.gamma() + " the policy may never reach a terminal state)");
    }

    /** q(s,a) for every state and action, from state values v. */
    public static double[][] qValues(FiniteMdp mdp, double[] v) {
        double[][] q = new double[mdp.states()][mdp.actions()];
        for (int s = 0; s < mdp.states(); s++) {
            for (int a = 0; a < mdp.actions(); a++) {
                q[s][a] = mdp.q(v, s, a);
            }
        }
        return q;
    }

    /** v* by value iteration, v(s) = max_a q(s,a), and the greedy policy for it. */
    public static Solution valueIteration(FiniteMdp mdp) {
        return valueIteration(mdp, DEFAULT_THETA, DEFAULT_MAX_SWEEPS);
    }

    public static Solution valueIteration(FiniteMdp mdp, double theta, int maxSweeps) {
        double[] v = new double[mdp.states()];
        for (int sweep = 1; sweep <= maxSweeps; sweep++) {
            double delta = 0;
            for (int s = 0; s < mdp.states(); s++) {
                if (mdp.isTerminal(s)) {
                    continue;
                }
                double best = Double.NEGATIVE_INFINITY;
                for (int a = 0; a < mdp.actions(); a++) {
                    best = Math.max(best, mdp.q(v, s, a));
                }
                delta = Math.max(delta, Math.abs(best - v[s]));
                v[s] = best;
            }
            if (delta < theta) {
                return new Solution(v, greedy(mdp, v), sweep);
            }
        }
        throw new IllegalStateException("DynamicProgramming.valueIteration: values did not converge to theta " + theta + " in "
                + maxSweeps + " sweeps");
    }

    /**
     * Policy iteration from the equiprobable random policy: evaluate, make greedy, until no state's action changes.
     * An action is kept when it is within 1e-9 of the best, so that rounding among tied actions cannot cycle.
     */
    public static Solution policyIteration(FiniteMdp mdp) {
        TabularPolicy policy = TabularPolicy.uniform(mdp.states(), mdp.actions());
        double[] v = new double[mdp.states()];
        int[] actions = null;
        for (int round = 1; ; round++) {
            v = evaluate(mdp, policy, v, DEFAULT_THETA, DEFAULT_MAX_SWEEPS);
            double[][] q = qValues(mdp, v);
            int[] improved = new int[mdp.states()];
            boolean stable = actions != null;
            for (int s = 0; s < mdp.states(); s++) {
                improved[s] = TabularPolicy.argmax(q[s]);
                if (actions != null && q[s][actions[s]] >= q[s][improved[s]] - 1e-9) {
                    improved[s] = actions[s];
                } else if (actions != null) {
                    stable = false;
                }
            }
            if (stable) {
                return new Solution(v, policy, round);
            }
            actions = improved;
            policy = TabularPolicy.deterministic(actions, mdp.actions());
        }
    }

    /** The deterministic policy greedy with respect to v (lowest action index among ties). */
    public static TabularPolicy greedy(FiniteMdp mdp, double[] v) {
        return TabularPolicy.greedy(qValues(mdp, v));
    }
}
