package dev.neurite.apps;

import dev.neurite.api.io.Checkpoint;
import dev.neurite.api.nn.Sequential;
import dev.neurite.apps.CliRun.Result;
import dev.neurite.apps.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static dev.neurite.apps.CliRun.neurite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code neurite rl gridworld} and {@code neurite train cartpole} at tiny episode counts. */
class RlCliTest {

    @Test
    void gridworldPrintsFigure41AndTheOptimalPolicy() {
        Result r = neurite("rl", "gridworld");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertTrue(r.out().contains("    0.00  -14.00  -20.00  -22.00\n  -14.00  -18.00  -20.00  -20.00"), r.toString());
        assertTrue(r.out().contains("    0.00   -1.00   -2.00   -3.00\n"), "v* first row:\n" + r);
        assertTrue(r.out().contains(" T \u2190 \u2190 \u2190\n"), r.toString());
        Result custom = neurite("rl", "gridworld", "--map", "S.#/..G", "--gamma", "0.5", "--step-reward", "0");
        assertEquals(ExitCodes.OK, custom.exitCode(), custom.toString());
        // S is three moves from G and only the third pays 1: v*(S) = 0.5^2; the cell beside the wall is two moves away.
        assertTrue(custom.out().contains("    0.25    0.50       #\n"), custom.toString());
        Result bad = neurite("rl", "gridworld", "--map", "S.x");
        assertEquals(ExitCodes.USAGE, bad.exitCode(), bad.toString());
        assertTrue(bad.err().contains("'x'"), bad.toString());
    }

    @Test
    void cartpoleTrainsPrintsBlocksAndSavesTheNetwork(@TempDir Path dir) throws IOException {
        for (String agent : new String[]{"dqn", "reinforce"}) {
            Path out = dir.resolve(agent);
            Result r = neurite("train", "cartpole", "--agent", agent, "--episodes", "3", "--block", "2", "--eval-episodes", "1",
                    "--max-steps", "20", "--out", out.toString());
            assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
            assertTrue(r.out().contains("episodes     1-    2: average return") && r.out().contains("episodes     3-    3"),
                    r.toString());
            assertTrue(r.out().contains("greedy policy: average return"), r.toString());
            Checkpoint.Loaded saved = Checkpoint.load(out);
            assertInstanceOf(Sequential.class, saved.model());
            assertEquals(agent, saved.training().get("agent"));
        }
        Result bad = neurite("train", "cartpole", "--agent", "ppo");
        assertEquals(ExitCodes.USAGE, bad.exitCode(), bad.toString());
        assertTrue(bad.err().contains("expected dqn or reinforce, got 'ppo'"), bad.toString());
    }
}
