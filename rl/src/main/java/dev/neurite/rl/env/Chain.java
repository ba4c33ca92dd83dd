package dev.neurite.rl.env;

import dev.neurite.rl.mdp.FiniteMdp;
import dev.neurite.rl.mdp.MdpEnvironment;

/**
 * A deterministic corridor of {@code n} states: action 0 moves left (staying at 0 at the wall), action 1 moves right,
 * entering the last state pays 1 and ends the episode; every other move pays 0. Its optimal values are known in
 * closed form ({@link #optimalQ}), which makes it the test bed for agents: the optimal policy is "always right".
 */
public final class Chain {
    public static final int LEFT = 0;
    public static final int RIGHT = 1;

    private Chain() {
    }

    public static FiniteMdp mdp(int n, double gamma) {
        if (n < 2) {
            throw new IllegalArgumentException("Chain: expected at least 2 states, got " + n);
        }
        FiniteMdp.Builder b = FiniteMdp.builder(n, 2, gamma).terminal(n - 1);
        for (int s = 0; s < n - 1; s++) {
            b.transition(s, LEFT, Math.max(s - 1, 0), 1, 0);
            b.transition(s, RIGHT, s + 1, 1, s + 1 == n - 1 ? 1 : 0);
        }
        return b.build();
    }

    /** The chain as an environment starting in state 0, or anywhere but the goal when {@code exploringStarts}. */
    public static MdpEnvironment environment(int n, double gamma, int maxSteps, boolean exploringStarts) {
        FiniteMdp mdp = mdp(n, gamma);
        double[] start = new double[n];
        start[0] = 1;
        return new MdpEnvironment("Chain", mdp, exploringStarts ? MdpEnvironment.uniformNonTerminal(mdp) : start, maxSteps);
    }

    /**
     * Q*(s, a): going right from s reaches the goal after n-1-s moves, so V*(s) = gamma^(n-2-s) and
     * Q*(s, right) = V*(s), Q*(s, left) = gamma V*(max(s-1, 0)); the goal state's row is 0.
     */
    public static double[][] optimalQ(int n, double gamma) {
        double[][] q = new double[n][2];
        for (int s = 0; s < n - 1; s++) {
            q[s][RIGHT] = Math.pow(gamma, n - 2 - s);
            q[s][LEFT] = gamma * Math.pow(gamma, n - 2 - Math.max(s - 1, 0));
        }
        return q;
    }
}
