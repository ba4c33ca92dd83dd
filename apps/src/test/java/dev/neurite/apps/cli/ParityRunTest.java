package dev.neurite.apps.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How doctor reads a parity worker's output and compares two runs. */
class ParityRunTest {
    @Test
    void parsesTheDeviceAndEveryStepsLoss() {
        ParityRun.Result r = ParityRun.parse("cpu", "device CPU x\nloss 0 2.5\nnoise\nloss 1 2.25\n", 2);
        assertTrue(r.ok(), r.error());
        assertEquals("CPU x", r.device());
        assertEquals(2.25, r.losses()[1]);
    }

    @Test
    void aMissingStepIsAnError() {
        ParityRun.Result r = ParityRun.parse("cpu", "loss 0 2.5\n", 2);
        assertFalse(r.ok());
        assertEquals("expected 2 losses from the parity run, got 1", r.error());
    }

    @Test
    void relativeDifferenceIsScaledByLossesAboveOneAndNaNNeverPasses() {
        assertEquals(0.01, ParityRun.maxRelativeDifference(new double[]{2.0, 0.5}, new double[]{2.02, 0.5}), 1e-12);
        assertEquals(0.001, ParityRun.maxRelativeDifference(new double[]{0.1}, new double[]{0.101}), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, ParityRun.maxRelativeDifference(new double[]{1.0}, new double[]{Double.NaN}));
    }
}
