package dev.neurite.layers.seq2seq;

import dev.neurite.api.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Greedy, top-k and temperature sampling. */
class TokenSamplerTest {
    private static final Tensor LOGITS = Tensor.of(new float[]{1, 3, 2, 0, 2.5f, -1, 0.5f, 0}, 2, 4);

    @Test
    void greedyTakesTheArgmax() {
        assertArrayEquals(new long[]{1, 0}, TokenSampler.greedy().next(LOGITS));
        assertArrayEquals(new long[]{1, 0}, TokenSampler.topK(0, 0, 1).next(LOGITS), "temperature 0 is greedy");
    }

    @Test
    void topKNeverLeavesTheTopK() {
        TokenSampler sampler = TokenSampler.topK(2, 1.0, 7);
        int[] counts = new int[4];
        for (int i = 0; i < 2000; i++) {
            counts[(int) sampler.next(LOGITS)[0]]++;
        }
        assertEquals(0, counts[0] + counts[3], "tokens 0 and 3 are outside the top 2");
        // p(1) / p(2) = e^(3-2) = 2.72 among the two kept
        double ratio = counts[1] / (double) counts[2];
        assertTrue(ratio > 2.3 && ratio < 3.2, "ratio " + ratio);
    }

    @Test
    void temperatureFlattensTheDistribution() {
        int[] cold = new int[4];
        int[] hot = new int[4];
        TokenSampler c = TokenSampler.temperature(0.25, 3);
        TokenSampler h = TokenSampler.temperature(4, 3);
        for (int i = 0; i < 2000; i++) {
            cold[(int) c.next(LOGITS)[0]]++;
            hot[(int) h.next(LOGITS)[0]]++;
        }
        assertTrue(cold[1] > 1900, "cold sampling is nearly greedy: " + cold[1]);
        assertTrue(hot[3] > 250 && hot[1] < 900, "hot sampling spreads out: " + java.util.Arrays.toString(hot));
        assertArrayEquals(TokenSampler.temperature(1, 5).next(LOGITS), TokenSampler.temperature(1, 5).next(LOGITS), "same seed, same tokens");
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> TokenSampler.topK(-1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> TokenSampler.temperature(-0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> TokenSampler.greedy().next(Tensor.zeros(4)));
    }
}
