package dev.neurite.rl;

import dev.neurite.api.Generator;
import dev.neurite.rl.deep.ReplayBuffer;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Capacity, overwrite order and uniform sampling without replacement. */
class ReplayBufferTest {

    @Test
    void keepsTheNewestItemsUpToCapacity() {
        ReplayBuffer<Integer> b = new ReplayBuffer<>(3);
        b.add(0);
        b.add(1);
        assertEquals(2, b.size());
        assertEquals(0, b.get(0));
        for (int i = 2; i < 5; i++) {
            b.add(i);
        }
        assertEquals(3, b.size());
        assertEquals(5, b.added());
        assertEquals(List.of(2, 3, 4), List.of(b.get(0), b.get(1), b.get(2)), "0 and 1 were overwritten, oldest first");
    }

    @Test
    void samplesDistinctItemsUniformly() {
        ReplayBuffer<Integer> b = new ReplayBuffer<>(4);
        for (int i = 0; i < 10; i++) {
            b.add(i);
        }
        Generator g = new Generator(3);
        assertEquals(new HashSet<>(List.of(6, 7, 8, 9)), new HashSet<>(b.sample(4, g)), "a full batch is every item once");
        int[] counts = new int[10];
        int draws = 40_000;
        for (int i = 0; i < draws; i++) {
            List<Integer> pair = b.sample(2, g);
            assertEquals(2, new HashSet<>(pair).size(), "without replacement");
            pair.forEach(x -> counts[x]++);
        }
        for (int x = 6; x < 10; x++) {
            // Each of 4 items is in a batch of 2 with probability 1/2.
            assertEquals(0.5, counts[x] / (double) draws, 0.01, "item " + x);
        }
        assertEquals(0, counts[0] + counts[5]);
    }

    @Test
    void refusesBatchesLargerThanWhatItHolds() {
        ReplayBuffer<Integer> b = new ReplayBuffer<>(8);
        b.add(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.sample(2, new Generator(0)));
        assertEquals("ReplayBuffer.sample: expected a batch size in 1..1 (the items held), got 2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ReplayBuffer<Integer>(0));
    }
}
