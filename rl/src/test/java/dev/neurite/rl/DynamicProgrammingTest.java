package dev.neurite.rl;

import dev.neurite.rl.env.Chain;
import dev.neurite.rl.env.GridWorld;
import dev.neurite.rl.mdp.DynamicProgramming;
import dev.neurite.rl.mdp.FiniteMdp;
import dev.neurite.rl.mdp.TabularPolicy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Policy evaluation, value iteration and policy iteration against Sutton and Barto's published numbers. */
class DynamicProgrammingTest {
    /** Figure 4.1, k = infinity: v of the equiprobable random policy on the 4x4 gridworld. */
    static final double[] FIGURE_4_1 = {
            0, -14, -20, -22,
            -14, -18, -20, -20,
            -20, -20, -18, -14,
            -22, -20, -14, 0};
    /** Figure 4.1's optimal policy: minus the number of moves to the nearer terminal corner. */
    static final double[] OPTIMAL = {
            0, -1, -2, -3,
            -1, -2, -3, -2,
            -2, -3, -2, -1,
            -3, -2, -1, 0};

    @Test
    void randomPolicyOnTheSuttonGridGivesFigure41() {
        GridWorld grid = GridWorld.sutton4x4();
        double[] v = DynamicProgramming.evaluate(grid.mdp(), TabularPolicy.uniform(16, 4));
        assertArrayEquals(FIGURE_4_1, v, 1e-6);
    }

    @Test
    void valueIterationFindsTheShortestPaths() {
        GridWorld grid = GridWorld.sutton4x4();
        DynamicProgramming.Solution s = DynamicProgramming.valueIteration(grid.mdp());
        assertArrayEquals(OPTIMAL, s.values(), 1e-9);
        // Every greedy action moves one step closer to a terminal corner.
        for (int state = 1; state < 15; state++) {
            int a = s.policy().action(state);
            FiniteMdp.Outcome o = grid.mdp().outcomes(state, a).get(0);
            assertEquals(OPTIMAL[state] + 1, OPTIMAL[o.next()], 1e-9, "state " + state + " action " + a);
        }
        assertEquals(" T \u2190 \u2190 \u2190\n", grid.renderPolicy(s.policy()).lines().findFirst().orElseThrow() + "\n");
    }

    @Test
    void policyIterationAgreesWithValueIteration() {
        for (FiniteMdp mdp : new FiniteMdp[]{GridWorld.sutton4x4().mdp(), GridWorld.frozenLake4x4().mdp(), Chain.mdp(6, 0.9)}) {
            DynamicProgramming.Solution vi = DynamicProgramming.valueIteration(mdp);
            DynamicProgramming.Solution pi = DynamicProgramming.policyIteration(mdp);
            assertArrayEquals(vi.values(), pi.values(), 1e-8);
            // The policy found is optimal: evaluating it gives v*.
            assertArrayEquals(vi.values(), DynamicProgramming.evaluate(mdp, pi.policy()), 1e-8);
        }
    }

    @Test
    void chainValuesAreTheClosedForm() {
        double[][] q = DynamicProgramming.qValues(Chain.mdp(5, 0.9), DynamicProgramming.valueIteration(Chain.mdp(5, 0.9)).values());
        double[][] expected = Chain.optimalQ(5, 0.9);
        for (int s = 0; s < 5; s++) {
            assertArrayEquals(expected[s], q[s], 1e-9, "state " + s);
        }
        assertEquals(0.729, expected[0][Chain.RIGHT], 1e-12, "three moves before the paying one: 0.9^3");
    }

    @Test
    void frozenLakeIsHardButSolvable() {
        DynamicProgramming.Solution s = DynamicProgramming.valueIteration(GridWorld.frozenLake4x4().mdp());
        // From the start the slippery lake is crossed with probability < 1; holes and the goal are worth 0.
        assertTrue(s.values()[0] > 0.4 && s.values()[0] < 1, "v*(start) = " + s.values()[0]);
        assertEquals(0, s.values()[5], 0, "a hole");
        assertEquals(0, s.values()[15], 0, "the goal");
        // The known optimal first move on FrozenLake 4x4 is LEFT: slipping can then never drop the agent into a hole.
        assertEquals(GridWorld.LEFT, s.policy().action(0));
    }

    @Test
    void improperPolicyWithoutDiscountIsReportedNotLoopedOn() {
        // Always LEFT on the Sutton grid: cells in the right column never reach a terminal, so v is -infinity.
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DynamicProgramming.evaluate(
                GridWorld.sutton4x4().mdp(), TabularPolicy.deterministic(new int[16], 4), new double[16], 1e-10, 1000));
        assertTrue(e.getMessage().contains("did not converge"), e.getMessage());
    }

    @Test
    void badModelsAreRejectedWithTheNumbers() {
        IllegalArgumentException sum = assertThrows(IllegalArgumentException.class,
                () -> FiniteMdp.builder(2, 1, 0.9).terminal(1).transition(0, 0, 1, 0.5, 0).build());
        assertTrue(sum.getMessage().contains("sum to 1, got 0.5"), sum.getMessage());
        IllegalArgumentException state = assertThrows(IllegalArgumentException.class,
                () -> FiniteMdp.builder(2, 1, 0.9).transition(0, 0, 2, 1, 0));
        assertTrue(state.getMessage().contains("0..1, got 2"), state.getMessage());
        IllegalArgumentException gamma = assertThrows(IllegalArgumentException.class, () -> FiniteMdp.builder(2, 1, 1.5));
        assertTrue(gamma.getMessage().contains("[0, 1], got 1.5"), gamma.getMessage());
        IllegalArgumentException action = assertThrows(IllegalArgumentException.class, () -> Chain.mdp(3, 0.9).outcomes(0, 2));
        assertTrue(action.getMessage().contains("action in 0..1, got 2"), action.getMessage());
    }
}
