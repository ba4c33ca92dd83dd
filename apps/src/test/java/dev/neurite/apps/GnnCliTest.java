package dev.neurite.apps;

import dev.neurite.api.io.Checkpoint;
import dev.neurite.api.nn.Graph;
import dev.neurite.apps.CliRun.Result;
import dev.neurite.apps.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static dev.neurite.apps.CliRun.neurite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code neurite train gnn} at a tiny size: reports both accuracies, saves a loadable graph model, names a bad model. */
class GnnCliTest {
    @Test
    void trainsReportsAndSaves(@TempDir Path dir) throws IOException {
        for (String model : List.of("gcn", "gat")) {
            Path out = dir.resolve(model);
            Result r = neurite("train", "gnn", "--model", model, "--size", "20", "--p-in", "0.2", "--steps", "4", "--target", "0",
                    "--out", out.toString());
            assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
            assertTrue(r.out().contains("test accuracy: " + model) && r.out().contains("MLP on the features alone"), r.toString());
            Checkpoint.Loaded saved = Checkpoint.load(out);
            Graph g = assertInstanceOf(Graph.class, saved.model());
            assertEquals(List.of("x", "edge_index"), g.inputNames());
            assertEquals("sbm", saved.training().get("task"), saved.training().toString());
        }
        Result missed = neurite("train", "gnn", "--size", "10", "--steps", "2", "--target", "1.01", "--out", dir.resolve("missed").toString());
        assertEquals(ExitCodes.FAILURE, missed.exitCode(), missed.toString());
        Result unknown = neurite("train", "gnn", "--model", "gcnn", "--steps", "1", "--out", dir.resolve("unknown").toString());
        assertEquals(ExitCodes.FAILURE, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.err().contains("expected gcn, sage, gat or gin, got 'gcnn'"), unknown.toString());
    }
}
