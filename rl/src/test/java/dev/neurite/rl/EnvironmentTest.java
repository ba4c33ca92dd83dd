package dev.neurite.rl;

import dev.neurite.api.Generator;
import dev.neurite.rl.env.CartPole;
import dev.neurite.rl.env.Chain;
import dev.neurite.rl.env.GridWorld;
import dev.neurite.rl.env.OneHot;
import dev.neurite.rl.mdp.FiniteMdp;
import dev.neurite.rl.mdp.MdpEnvironment;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spaces, grid worlds and CartPole: dynamics with hand-computed numbers, termination, truncation and bad input. */
class EnvironmentTest {

    @Test
    void spacesCheckMembershipAndNameTheValue() {
        Discrete d = new Discrete(3);
        assertTrue(d.contains(2));
        assertFalse(d.contains(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.require("X.step", 3));
        assertEquals("X.step: expected a value in Discrete(3), got 3", e.getMessage());
        Box b = new Box(new double[]{-1, Double.NEGATIVE_INFINITY}, new double[]{1, Double.POSITIVE_INFINITY});
        assertTrue(b.contains(new double[]{0.5, 1e300}));
        assertFalse(b.contains(new double[]{1.5, 0}));
        assertFalse(b.contains(new double[]{0}));
        Generator g = new Generator(1);
        for (int i = 0; i < 100; i++) {
            assertTrue(b.contains(b.sample(g)));
            assertTrue(d.contains(d.sample(g)));
        }
    }

    @Test
    void cartPoleFollowsGymnasiumsEquations() {
        CartPole env = new CartPole();
        env.reset(0);
        env.start(new double[]{0, 0, 0, 0});
        Step<double[]> s = env.step(1);
        // Pushing right from rest: temp = F / M = 10 / 1.1; thetaacc = -temp / (l (4/3 - m / M)); xacc = temp - ml thetaacc / M.
        double temp = 10 / 1.1;
        double thetaAcc = -temp / (0.5 * (4.0 / 3 - 0.1 / 1.1));
        double xAcc = temp - 0.05 * thetaAcc / 1.1;
        assertArrayEquals(new double[]{0, 0.02 * xAcc, 0, 0.02 * thetaAcc}, s.observation(), 1e-12);
        assertEquals(0.19512195121951, s.observation()[1], 1e-12);
        assertEquals(-0.29268292682927, s.observation()[3], 1e-12);
        assertEquals(1.0, s.reward());
        assertFalse(s.done());
        // The Euler step moves x and theta with the old velocities.
        Step<double[]> s2 = env.step(0);
        assertEquals(0.02 * 0.19512195121951, s2.observation()[0], 1e-12);
        assertEquals(0.02 * -0.29268292682927, s2.observation()[2], 1e-12);
    }

    @Test
    void cartPoleTerminatesAtItsThresholdsAndTruncatesAtTheLimit() {
        CartPole env = new CartPole();
        env.reset(0);
        env.start(new double[]{2.4, 1, 0, 0});
        Step<double[]> out = env.step(1);
        assertTrue(out.terminated() && !out.truncated(), "x = 2.42 > 2.4");
        assertEquals(1.0, out.reward(), "the terminating step pays 1 too");
        assertThrows(IllegalStateException.class, () -> env.step(0));
        env.start(new double[]{0, 0, 12 * Math.PI / 180 - 1e-4, 0.01});
        assertTrue(env.step(0).terminated(), "theta crosses 12 degrees");
        env.start(new double[]{0, 0, 0.2, 0});
        assertFalse(env.step(0).terminated(), "0.2 rad is below 12 degrees (0.2094)");

        CartPole short3 = new CartPole(3);
        short3.reset(7);
        assertFalse(short3.step(0).done());
        assertFalse(short3.step(1).done());
        Step<double[]> last = short3.step(0);
        assertTrue(last.truncated() && !last.terminated());
    }

    @Test
    void cartPoleResetIsSeededAndSmall() {
        CartPole a = new CartPole();
        CartPole b = new CartPole();
        double[] x = a.reset(42);
        assertArrayEquals(x, b.reset(42));
        for (double v : x) {
            assertTrue(Math.abs(v) <= 0.05, "reset state in [-0.05, 0.05]: " + v);
        }
        assertFalse(java.util.Arrays.equals(x, a.reset()), "a later reset continues the randomness");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.step(2));
        assertEquals("CartPole.step: expected a value in Discrete(2), got 2", e.getMessage());
        assertThrows(IllegalStateException.class, () -> new CartPole().step(0), "step before reset");
    }

    @Test
    void gridWorldMovesStopsAtWallsAndEdges() {
        GridWorld grid = new GridWorld(new String[]{"S.#", "..G"}, -0.1, 1, 0, 0.9);
        FiniteMdp mdp = grid.mdp();
        assertEquals(6, mdp.states());
        assertEquals(1, mdp.probability(0, GridWorld.LEFT, 0), 0, "off the grid: stay");
        assertEquals(1, mdp.probability(1, GridWorld.RIGHT, 1), 0, "into the wall: stay");
        assertEquals(1, mdp.probability(4, GridWorld.RIGHT, 5), 0);
        assertEquals(0.9, mdp.expectedReward(4, GridWorld.RIGHT), 1e-12, "step reward -0.1 plus the goal's 1");
        assertTrue(mdp.isTerminal(5) && mdp.isTerminal(2), "the goal and the wall");
        MdpEnvironment env = grid.environment(10);
        assertEquals(0, env.reset(3), "the S cell");
        assertEquals(1, env.step(GridWorld.RIGHT).observation());
        assertEquals(4, env.step(GridWorld.DOWN).observation());
        Step<Integer> goal = env.step(GridWorld.RIGHT);
        assertTrue(goal.terminated());
        assertEquals(0.9, goal.reward(), 1e-12);
        assertThrows(IllegalStateException.class, () -> env.step(0));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> new GridWorld(new String[]{"S.", "x."}, 0, 1, 0, 1));
        assertTrue(bad.getMessage().contains("'x'"), bad.getMessage());
    }

    @Test
    void slipperyMovesSplitTheirProbability() {
        FiniteMdp lake = GridWorld.frozenLake4x4().mdp();
        // From cell 6 (row 1, col 2) going DOWN: down to 10, or sideways left to 5 (a hole) or right to 7 (a hole).
        assertEquals(1.0 / 3, lake.probability(6, GridWorld.DOWN, 10), 1e-12);
        assertEquals(1.0 / 3, lake.probability(6, GridWorld.DOWN, 5), 1e-12);
        assertEquals(1.0 / 3, lake.probability(6, GridWorld.DOWN, 7), 1e-12);
        assertEquals(1.0 / 3, lake.expectedReward(14, GridWorld.RIGHT), 1e-12, "only the intended move reaches the goal");
    }

    @Test
    void mdpEnvironmentSamplesTransitionsWithTheirProbabilities() {
        MdpEnvironment env = GridWorld.frozenLake4x4().environment(100);
        int[] counts = new int[16];
        env.reset(5);
        for (int i = 0; i < 30_000; i++) {
            env.reset();
            counts[env.step(GridWorld.RIGHT).observation()]++;
        }
        // From the start going RIGHT: right to 1, up (stay at 0) or down to 4, each 1/3.
        for (int s : new int[]{0, 1, 4}) {
            assertEquals(1.0 / 3, counts[s] / 30_000.0, 0.01, "state " + s);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(4));
        assertEquals("GridWorld.step: expected a value in Discrete(4), got 4", e.getMessage());
    }

    @Test
    void oneHotEncodesTheState() {
        OneHot<Integer> env = new OneHot<>(Chain.environment(4, 0.9, 10, false));
        assertArrayEquals(new double[]{1, 0, 0, 0}, env.reset(1));
        assertArrayEquals(new double[]{0, 1, 0, 0}, env.step(Chain.RIGHT).observation());
        assertEquals(List.of(4), List.of(((Box) env.observationSpace()).dimension()));
        assertThrows(IllegalArgumentException.class, () -> new OneHot<>(new OneHotOfBox()));
    }

    /** An environment with a non-discrete observation space, which OneHot must refuse. */
    private static final class OneHotOfBox implements Environment<Integer, Integer> {
        @Override
        @SuppressWarnings("unchecked")
        public Space<Integer> observationSpace() {
            return (Space<Integer>) (Space<?>) new Box(new double[]{0}, new double[]{1});
        }

        @Override
        public Space<Integer> actionSpace() {
            return new Discrete(1);
        }

        @Override
        public Integer reset(long seed) {
            return 0;
        }

        @Override
        public Integer reset() {
            return 0;
        }

        @Override
        public Step<Integer> step(Integer action) {
            return new Step<>(0, 0, true, false);
        }
    }
}
