package dev.neurite.rl;

import dev.neurite.rl.env.Chain;
import dev.neurite.rl.mdp.MdpEnvironment;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discounted returns by hand, and the agent-environment loop on a chain. */
class AgentLoopTest {

    @Test
    void discountedReturnsByHand() {
        // rewards 1, 0, 2, -1 with gamma 0.5: G3 = -1, G2 = 2 - 0.5 = 1.5, G1 = 0 + 0.75 = 0.75, G0 = 1 + 0.375 = 1.375.
        assertArrayEquals(new double[]{1.375, 0.75, 1.5, -1}, Returns.discounted(new double[]{1, 0, 2, -1}, 0.5), 1e-15);
        assertEquals(1.375, Returns.of(new double[]{1, 0, 2, -1}, 0.5), 1e-15);
        assertEquals(2, Returns.of(new double[]{1, 0, 2, -1}, 1), 1e-15, "undiscounted: the plain sum");
        assertArrayEquals(new double[0], Returns.discounted(new double[0], 0.9));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Returns.of(new double[]{1}, 1.1));
        assertEquals("Returns.of: expected a discount gamma in [0, 1], got 1.1", e.getMessage());
    }

    @Test
    void linearScheduleAnnealsThenHolds() {
        LinearSchedule eps = new LinearSchedule(1.0, 0.1, 10);
        assertEquals(1.0, eps.value(0), 1e-15);
        assertEquals(0.55, eps.value(5), 1e-15);
        assertEquals(0.1, eps.value(10), 1e-15);
        assertEquals(0.1, eps.value(1_000), 1e-15);
        assertEquals(0.3, LinearSchedule.constant(0.3).value(7), 0);
    }

    @Test
    void loopRunsEpisodesAndFeedsTheAgentEveryTransition() {
        MdpEnvironment chain = Chain.environment(4, 0.9, 50, false);
        List<Transition<Integer, Integer>> seen = new ArrayList<>();
        int[] ends = new int[1];
        Agent<Integer, Integer> right = new Agent<>() {
            @Override
            public Integer action(Integer s) {
                return Chain.RIGHT;
            }

            @Override
            public void observe(Transition<Integer, Integer> t) {
                seen.add(t);
            }

            @Override
            public void endEpisode() {
                ends[0]++;
            }

            @Override
            public Policy<Integer, Integer> greedy() {
                return this;
            }
        };
        List<Episode> episodes = AgentLoop.train(chain, right, 2, 0.9, 3, null);
        // 0 -> 1 -> 2 -> 3: three steps, reward only on the last: G0 = 0.9^2.
        assertEquals(new Episode(1, 0.81, 3, true), round(episodes.get(0)));
        assertEquals(6, seen.size());
        assertEquals(2, ends[0]);
        Transition<Integer, Integer> last = seen.get(2);
        assertEquals(2, last.observation());
        assertEquals(3, last.next());
        assertTrue(last.terminated());

        // Always LEFT never arrives: truncated at the limit with return 0.
        Episode stuck = AgentLoop.evaluate(chain, s -> Chain.LEFT, 1, 0.9, 3).get(0);
        assertEquals(50, stuck.length());
        assertFalse(stuck.terminated());
        assertEquals(0, stuck.totalReward());
    }

    private static Episode round(Episode e) {
        return new Episode(e.totalReward(), Math.round(e.discountedReturn() * 1e12) / 1e12, e.length(), e.terminated());
    }
}
