package dev.neurite.rl;

import dev.neurite.api.Tensor;
import dev.neurite.rl.deep.Dqn;
import dev.neurite.rl.deep.Reinforce;
import dev.neurite.rl.env.Chain;
import dev.neurite.rl.env.OneHot;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DQN target by hand, and DQN and REINFORCE learning the optimal policy of a short chain end to end. */
class DeepAgentsTest {
    static final int N = 5;
    static final double GAMMA = 0.9;

    @Test
    void tdTargetsByHand() {
        Tensor nextQ = Tensor.of(new float[]{1, 3, -2, -1, 0.5f, 0.25f}, 3, 2);
        Tensor rewards = Tensor.of(new float[]{1, 0, -1}, 3);
        Tensor notTerminated = Tensor.of(new float[]{1, 1, 0}, 3);
        // 1 + 0.9 * 3 = 3.7;  0 + 0.9 * -1 = -0.9;  terminal: -1 (no bootstrap).
        assertArrayEquals(new float[]{3.7f, -0.9f, -1f}, Dqn.tdTargets(nextQ, rewards, notTerminated, 0.9).toFloatArray(), 1e-6f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dqn.tdTargets(nextQ, Tensor.of(new float[]{1, 2}, 2), notTerminated, 0.9));
        assertTrue(e.getMessage().startsWith("Dqn.tdTargets: expected nextQ [B, A]"), e.getMessage());
    }

    @Test
    void dqnLearnsToWalkTheChain() {
        OneHot<Integer> env = new OneHot<>(Chain.environment(N, GAMMA, 30, true));
        Dqn dqn = new Dqn(N, 2, Dqn.Options.small().withSeed(1));
        AgentLoop.train(env, dqn, 120, GAMMA, 2, null);
        assertTrue(dqn.updates() > 100, "updates: " + dqn.updates());
        double[][] expected = Chain.optimalQ(N, GAMMA);
        OneHot<Integer> enc = env;
        for (int s = 0; s < N - 1; s++) {
            float[] q = dqn.qValues(enc.encode(s));
            assertEquals(Chain.RIGHT, dqn.greedy().action(enc.encode(s)), "state " + s + ": Q = " + java.util.Arrays.toString(q));
            assertEquals(expected[s][Chain.RIGHT], q[Chain.RIGHT], 0.1, "Q(" + s + ", right) near Q*");
        }
        List<Episode> eval = AgentLoop.evaluate(new OneHot<>(Chain.environment(N, GAMMA, 30, false)), dqn.greedy(), 1, GAMMA, 4);
        assertEquals(N - 1, eval.get(0).length(), "the greedy policy walks straight to the goal");
    }

    @Test
    void reinforceLearnsToWalkTheChain() {
        OneHot<Integer> env = new OneHot<>(Chain.environment(N, GAMMA, 30, false));
        Reinforce agent = new Reinforce(N, 2, Reinforce.Options.small().withSeed(1));
        List<Episode> episodes = AgentLoop.train(env, agent, 150, GAMMA, 2, null);
        Episode greedy = AgentLoop.evaluate(env, agent.greedy(), 1, GAMMA, 3).get(0);
        assertEquals(N - 1, greedy.length(), "the greedy policy walks straight to the goal");
        double lastLengths = episodes.subList(120, 150).stream().mapToInt(Episode::length).average().orElseThrow();
        assertTrue(lastLengths < N - 1 + 1.0, "sampled episodes are near the shortest: " + lastLengths);
        float[] p = agent.probabilities(env.encode(0));
        assertTrue(p[Chain.RIGHT] > 0.8, "pi(right | 0) = " + p[Chain.RIGHT]);
    }
}
