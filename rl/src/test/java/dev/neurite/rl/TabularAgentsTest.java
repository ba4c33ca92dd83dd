package dev.neurite.rl;

import dev.neurite.rl.env.Chain;
import dev.neurite.rl.env.GridWorld;
import dev.neurite.rl.mdp.DynamicProgramming;
import dev.neurite.rl.mdp.MdpEnvironment;
import dev.neurite.rl.tabular.QLearning;
import dev.neurite.rl.tabular.Sarsa;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Q-learning reaches the closed-form Q* of a deterministic chain; SARSA learns the optimal policy. */
class TabularAgentsTest {

    @Test
    void qLearningConvergesToTheClosedFormOnAChain() {
        int n = 5;
        double gamma = 0.9;
        MdpEnvironment env = Chain.environment(n, gamma, 100, true);
        QLearning agent = new QLearning(n, 2, 0.5, gamma, LinearSchedule.constant(0.3), 11);
        AgentLoop.train(env, agent, 3_000, gamma, 12, null);
        double[][] expected = Chain.optimalQ(n, gamma);
        double[][] q = agent.qTable();
        for (int s = 0; s < n; s++) {
            assertArrayEquals(expected[s], q[s], 1e-6, "Q(" + s + ", .)");
        }
        for (int s = 0; s < n - 1; s++) {
            assertEquals(Chain.RIGHT, agent.greedy().action(s));
        }
    }

    @Test
    void sarsaLearnsTheOptimalPolicyAndQLearningOfTheSuttonGridMatchesValueIteration() {
        GridWorld grid = GridWorld.sutton4x4();
        MdpEnvironment env = grid.environment(200);
        Sarsa sarsa = new Sarsa(16, 4, 0.1, 1.0, new LinearSchedule(0.5, 0.0, 8_000), 5);
        AgentLoop.train(env, sarsa, 6_000, 1.0, 6, null);
        double[] optimal = DynamicProgramming.valueIteration(grid.mdp()).values();
        Episode e = AgentLoop.evaluate(env, sarsa.greedy(), 200, 1.0, 7).stream()
                .reduce((a, b) -> a.totalReward() < b.totalReward() ? a : b).orElseThrow();
        assertTrue(e.terminated() && e.totalReward() >= -3, "the worst greedy episode takes at most 3 moves: " + e);
        double[][] q = sarsa.qTable();
        for (int s = 1; s < 15; s++) {
            double best = java.util.Arrays.stream(q[s]).max().orElseThrow();
            assertEquals(optimal[s], best, 0.05, "max_a Q(" + s + ", a) near v*, as epsilon reaches 0");
        }
    }

    @Test
    void badArgumentsNameTheValue() {
        IllegalArgumentException alpha = assertThrows(IllegalArgumentException.class,
                () -> new QLearning(3, 2, 0, 0.9, LinearSchedule.constant(0.1), 1));
        assertEquals("QLearning: expected a step size alpha in (0, 1], got 0.0", alpha.getMessage());
        QLearning agent = new QLearning(3, 2, 0.5, 0.9, LinearSchedule.constant(0.1), 1);
        IllegalArgumentException state = assertThrows(IllegalArgumentException.class, () -> agent.action(3));
        assertEquals("QLearning: expected a state in 0..2, got 3", state.getMessage());
        IllegalArgumentException action = assertThrows(IllegalArgumentException.class,
                () -> agent.observe(new Transition<>(0, 2, 0.0, 1, false, false)));
        assertEquals("QLearning: expected an action in 0..1, got 2", action.getMessage());
    }
}
