package dev.neurite.rl.mdp;

import dev.neurite.api.Generator;
import dev.neurite.rl.Policy;

import java.util.Arrays;

/**
 * pi(a|s) as a table. As a {@link Policy} it returns the most probable action (the lowest index among ties), which
 * is the policy itself when it is deterministic; {@link #sample} draws from pi(.|s).
 */
public final class TabularPolicy implements Policy<Integer, Integer> {
    private final double[][] probabilities;

    public TabularPolicy(double[][] probabilities) {
        if (probabilities.length == 0 || probabilities[0].length == 0) {
            throw new IllegalArgumentException("TabularPolicy: expected at least one state and one action");
        }
        int actions = probabilities[0].length;
        this.probabilities = new double[probabilities.length][];
        for (int s = 0; s < probabilities.length; s++) {
            double[] p = probabilities[s];
            if (p.length != actions) {
                throw new IllegalArgumentException("TabularPolicy: expected " + actions + " action probabilities in state " + s
                        + ", got " + p.length);
            }
            double total = Arrays.stream(p).sum();
            if (Arrays.stream(p).anyMatch(x -> !(x >= 0)) || Math.abs(total - 1) > 1e-9) {
                throw new IllegalArgumentException("TabularPolicy: expected probabilities >= 0 summing to 1 in state " + s
                        + ", got " + Arrays.toString(p));
            }
            this.probabilities[s] = p.clone();
        }
    }

    /** The equiprobable random policy. */
    public static TabularPolicy uniform(int states, int actions) {
        double[][] p = new double[states][actions];
        for (double[] row : p) {
            Arrays.fill(row, 1.0 / actions);
        }
        return new TabularPolicy(p);
    }

    /** The deterministic policy taking {@code actions[s]} in state s. */
    public static TabularPolicy deterministic(int[] actions, int actionCount) {
        double[][] p = new double[actions.length][actionCount];
        for (int s = 0; s < actions.length; s++) {
            if (actions[s] < 0 || actions[s] >= actionCount) {
                throw new IllegalArgumentException("TabularPolicy.deterministic: expected an action in 0.." + (actionCount - 1)
                        + " for state " + s + ", got " + actions[s]);
            }
            p[s][actions[s]] = 1;
        }
        return new TabularPolicy(p);
    }

    /** The deterministic policy greedy in {@code q[s][a]}; ties go to the lowest action index. */
    public static TabularPolicy greedy(double[][] q) {
        int[] a = new int[q.length];
        for (int s = 0; s < q.length; s++) {
            a[s] = argmax(q[s]);
        }
        return deterministic(a, q[0].length);
    }

    static int argmax(double[] row) {
        int best = 0;
        for (int a = 1; a < row.length; a++) {
            if (row[a] > row[best]) {
                best = a;
            }
        }
        return best;
    }

    public int states() {
        return probabilities.length;
    }

    public int actions() {
        return probabilities[0].length;
    }

    public double probability(int s, int a) {
        return probabilities[s][a];
    }

    @Override
    public Integer action(Integer s) {
        if (s == null || s < 0 || s >= probabilities.length) {
            throw new IllegalArgumentException("TabularPolicy.action: expected a state in 0.." + (probabilities.length - 1)
                    + ", got " + s);
        }
        return argmax(probabilities[s]);
    }

    /** An action drawn from pi(.|s). */
    public int sample(int s, Generator generator) {
        double u = generator.nextDouble();
        double[] p = probabilities[s];
        for (int a = 0; a < p.length; a++) {
            u -= p[a];
            if (u < 0) {
                return a;
            }
        }
        return action(s);
    }
}
