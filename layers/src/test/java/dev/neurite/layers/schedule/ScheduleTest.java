package dev.neurite.layers.schedule;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ScheduleTest {

    @Test
    void inverseSqrtDecay() {
        InverseSqrtDecay s = new InverseSqrtDecay();
        assertEquals(1.0, s.rate(1, 0, 0), 1e-12);
        assertEquals(0.5, s.rate(1, 3, 0), 1e-12);
    }

    @Test
    void transformerWarmupRisesLinearlyThenDecaysAsInverseSqrt() {
        TransformerWarmup s = new TransformerWarmup(512, 4000);
        double scale = Math.pow(512, -0.5);
        assertEquals(scale * Math.pow(4000, -1.5), s.rate(1, 0, 0), 1e-15);
        assertEquals(scale * 100 * Math.pow(4000, -1.5), s.rate(1, 0, 99), 1e-15);
        assertEquals(scale * Math.pow(4000, -0.5), s.rate(1, 0, 3999), 1e-15);
        assertEquals(scale * Math.pow(10000, -0.5), s.rate(1, 0, 9999), 1e-15);
        assertEquals(2 * s.rate(1, 0, 9999), s.rate(2, 0, 9999), 1e-15);
    }

    @Test
    void linearWarmupThenTheWrappedSchedule() {
        LinearWarmup constant = new LinearWarmup(4);
        assertEquals(0.025, constant.rate(0.1, 0, 0), 1e-12);
        assertEquals(0.1, constant.rate(0.1, 0, 3), 1e-12);
        assertEquals(0.1, constant.rate(0.1, 5, 100), 1e-12);
        LinearWarmup decayed = new LinearWarmup(10, new StepDecay(1, 0.5));
        assertEquals(0.05 * 0.5, decayed.rate(0.1, 1, 4), 1e-12);
        assertEquals(0.025, decayed.rate(0.1, 2, 50), 1e-12);
    }

    @Test
    void cosineAnnealingEndsAtTheMinimum() {
        CosineAnnealing s = new CosineAnnealing(10, 0.001);
        assertEquals(0.1, s.rate(0.1, 0, 0), 1e-12);
        assertEquals(0.001, s.rate(0.1, 10, 0), 1e-12);
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new StepDecay(0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new LinearWarmup(0));
        assertThrows(IllegalArgumentException.class, () -> new TransformerWarmup(0, 10));
    }
}
