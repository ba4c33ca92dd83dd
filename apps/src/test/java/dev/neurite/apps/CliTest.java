package dev.neurite.apps;

import dev.neurite.apps.CliRun.Result;

import dev.neurite.api.Generator;
import dev.neurite.api.backend.Backend;
import dev.neurite.api.backend.Backends;
import dev.neurite.api.io.Checkpoint;
import dev.neurite.api.nn.Sequential;
import dev.neurite.api.train.ModelCheckpoint;
import dev.neurite.apps.cli.ExitCodes;
import dev.neurite.apps.models.Models;
import dev.neurite.layers.activation.ReLU;
import dev.neurite.layers.core.Dense;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.neurite.apps.CliRun.neurite;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code neurite} command line through {@link Main#run}, in this JVM: exit codes (README: 0 success, 2 usage, 3
 * a backend or data set is not available, 4 a corrupt checkpoint) and what the user reads.
 */
class CliTest {

    @Test
    void backendsListsTheCpuBackendAsAvailable() {
        Result r = neurite("backends");

        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertTrue(r.out().startsWith("NAME"), r.toString());
        assertTrue(Pattern.compile("(?m)^cpu\\s+\\d+\\s+available").matcher(r.out()).find(), r.toString());
    }

    @Test
    void unknownSubcommandOrMissingArgumentIsAUsageError() {
        Result unknown = neurite("nosuchcommand");
        assertEquals(ExitCodes.USAGE, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.err().contains("nosuchcommand"), unknown.toString());

        Result missingModel = neurite("train");
        assertEquals(ExitCodes.USAGE, missingModel.exitCode(), missingModel.toString());
        assertTrue(missingModel.err().contains("MODEL"), missingModel.toString());

        Result missingBenchModel = neurite("bench");
        assertEquals(ExitCodes.USAGE, missingBenchModel.exitCode(), missingBenchModel.toString());
        assertTrue(missingBenchModel.err().contains("or a subcommand: [kernels, lstm, transformer]"), missingBenchModel.toString());
    }

    /** The JMH kernel benchmarks run through the command (in this JVM, one short iteration) and print a row per pass. */
    @Test
    void benchKernelsPrintsAForwardAndBackwardRowPerCase() {
        Result r = neurite("bench", "kernels", "--cases", "maxpool32@28", "--forks", "0", "--warmup", "0", "--iterations", "1",
                "--seconds", "0.05", "--no-peer");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("maxpool32@28\\s+forward\\s+[0-9.]+ .*")), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("maxpool32@28\\s+backward\\s+[0-9.]+ .*")), r.toString());

        Result unknown = neurite("bench", "kernels", "--cases", "conv9to9@9", "--no-peer");
        assertEquals(ExitCodes.FAILURE, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.err().contains("unknown kernel case 'conv9to9@9'; known: [conv1to32@28"), unknown.toString());
    }

    /**
     * {@code --data DIR} names the one place to read from (TrainingData.resolve: "an error if it is not there"); the
     * Fashion-MNIST installed in /usr/share/datasets must not be used instead. The extra options only keep the run
     * short should the command train anyway.
     */
    @Test
    void trainWithAMissingDataDirectoryIsUnavailableAndSaysWhereItLooked(@TempDir Path tmp) {
        Path missing = Path.of("/nonexistent/dir");
        assertFalse(Files.exists(missing));
        Path out = tmp.resolve("out");

        Result r = neurite("train", "mlp", "--data", missing.toString(), "--epochs", "1", "--batch-size", "1024",
                "--out", out.toString());

        assertEquals(ExitCodes.UNAVAILABLE, r.exitCode(), r.toString());
        assertTrue(r.err().startsWith("neurite train: "), r.toString());
        assertTrue(r.err().contains("Fashion-MNIST") && r.err().contains(missing.toString()), r.toString());
        assertFalse(Files.exists(out), "nothing is trained or saved");
    }

    /**
     * DESIGN.md decision 4: forcing a backend that does not exist fails with a message naming what was found. The
     * process has already chosen the cpu backend here (as any earlier command would have), which is exactly when a
     * cached choice could silently win over the requested one.
     */
    @Test
    void trainOnAnUnknownBackendIsUnavailableAndNamesWhatWasFound(@TempDir Path tmp) {
        Backend before = Backends.current();
        Path out = tmp.resolve("out");
        try {
            Result r = neurite("train", "mlp", "--backend", "nosuch", "--epochs", "1", "--batch-size", "1024",
                    "--out", out.toString());

            assertEquals(ExitCodes.UNAVAILABLE, r.exitCode(), r.toString());
            assertTrue(r.err().contains("'nosuch'"), r.toString());
            assertTrue(r.err().contains("cpu (available)"), "names the backends found: " + r);
            assertFalse(Files.exists(out), "nothing is trained or saved");
        } finally {
            Backends.use(before);
        }
        assertEquals(before, Backends.current(), "a failed --backend leaves the process's backend as it was");
    }

    @Test
    void evalOfACorruptedCheckpointIsBadInputNamingTheFile(@TempDir Path dir) throws Exception {
        Generator g = new Generator(5);
        Checkpoint.save(dir, new Sequential(new Dense(3, 4, g), new ReLU(), new Dense(4, 2, g)), null, null, Map.of());
        Path weights = dir.resolve(Checkpoint.MODEL_FILE);
        byte[] bytes = Files.readAllBytes(weights);
        bytes[bytes.length - 3] ^= 0x40; // a bit of the last weight's float, past the safetensors header
        Files.write(weights, bytes);

        Result r = neurite("eval", dir.toString());

        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.toString());
        assertTrue(r.err().startsWith("neurite eval: "), r.toString());
        assertTrue(r.err().contains(weights.toString()), "names the corrupt file: " + r);
        assertTrue(r.err().contains("SHA-256"), r.toString());
    }

    @Test
    void summaryOfASavedMlpPrintsItsLayersAndParameterCount(@TempDir Path dir) throws Exception {
        Checkpoint.save(dir, Models.mlp(1), null, null, Map.of());

        Result r = neurite("summary", dir.toString(), "--backend", "cpu");

        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertTrue(r.out().contains("Trainable params: 235,146"), r.toString());
        // Total = trainable + non-trainable (buffers such as an input normalisation's constants), as in Keras.
        Matcher nonTrainable = Pattern.compile("Non-trainable params: ([\\d,]+)").matcher(r.out());
        assertTrue(nonTrainable.find(), r.toString());
        long total = 235_146 + Long.parseLong(nonTrainable.group(1).replace(",", ""));
        assertTrue(r.out().contains(String.format("Total params: %,d", total)), r.toString());
        for (String row : new String[]{"flatten\\s+\\[1, 784]\\s+0", "dense\\s+\\[1, 256]\\s+200,960",
                "dense\\s+\\[1, 128]\\s+32,896", "dense\\s+\\[1, 10]\\s+1,290"}) {
            assertTrue(Pattern.compile("(?m)^\\d+\\s+" + row + "$").matcher(r.out()).find(), row + " in\n" + r);
        }
    }

    /**
     * The whole train-then-evaluate path on whatever data this machine has (Fashion-MNIST when installed, else the
     * synthetic images). Measured here: 3.5 s for one epoch of 60,000 images at batch 128 plus the test set.
     */
    @Test
    void trainOneEpochSavesACheckpointThatEvalReadsBack(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("mlp");

        Result train = neurite("train", "mlp", "--epochs", "1", "--out", out.toString());

        assertEquals(ExitCodes.OK, train.exitCode(), train.toString());
        assertTrue(train.out().contains("saved: " + out.toAbsolutePath()), train.toString());
        Matcher trained = Pattern.compile("test: loss (\\d+\\.\\d{4})  accuracy (\\d+\\.\\d{2})%").matcher(train.out());
        assertTrue(trained.find(), train.toString());
        double accuracy = Double.parseDouble(trained.group(2));
        assertTrue(accuracy > 78, "test accuracy after one epoch (measured: Fashion-MNIST 85.0%, synthetic 90.0%): " + accuracy);

        Checkpoint.Loaded saved = Checkpoint.load(out);
        assertTrue(train.out().contains("60000 train / 10000 test"), train.toString()); // Fashion-MNIST or synthetic
        assertArrayEquals(new long[]{1, 469}, ModelCheckpoint.resumePoint(saved.training()), "1 epoch of 60,000 at batch 128");
        assertEquals(accuracy, 100 * ((Number) saved.training().get("test_accuracy")).doubleValue(), 0.005);

        Result eval = neurite("eval", out.toString());

        assertEquals(ExitCodes.OK, eval.exitCode(), eval.toString());
        Matcher evaluated = Pattern.compile("loss (\\d+\\.\\d{4})  accuracy (\\d+\\.\\d{2})%  top-5 (\\d+\\.\\d{2})%").matcher(eval.out());
        assertTrue(evaluated.find(), eval.toString());
        assertEquals(trained.group(1), evaluated.group(1), "eval's test loss equals the one train reported");
        assertEquals(trained.group(2), evaluated.group(2), "eval's test accuracy equals the one train reported");
        assertTrue(Double.parseDouble(evaluated.group(3)) > Double.parseDouble(evaluated.group(2)),
                "top-5 accuracy exceeds top-1: " + eval);
        // The confusion matrix: 10 rows of 10 counts summing to the test set's size.
        long total = eval.out().lines().filter(l -> l.matches("(\\s+\\d+){10}"))
                .flatMap(l -> Pattern.compile("\\s+").splitAsStream(l.trim())).mapToLong(Long::parseLong).sum();
        assertEquals(10_000, total, eval.toString());
    }

    /** A --plot name that is not a PNG is a usage error found before any training (nothing is saved). */
    @Test
    void plotThatIsNotAPngIsAUsageErrorBeforeTraining(@TempDir Path tmp) {
        Path out = tmp.resolve("out");
        Result r = neurite("train", "mlp", "--epochs", "1", "--plot", tmp.resolve("curves.jpg").toString(), "--out",
                out.toString());
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--plot: expected a file name ending in .png, got '"), r.toString());
        assertFalse(Files.exists(out), "no training ran");
    }

    /** {@code neurite osgi} without its bundles directory fails at once, naming the directory and how to build it. */
    @Test
    void osgiWithoutItsBundlesDirectoryFailsSayingHowToBuildIt() {
        Result r = neurite("osgi", "--no-shell", "--bundles", "/nonexistent/bundles");
        assertEquals(ExitCodes.FAILURE, r.exitCode(), r.toString());
        assertTrue(r.err().contains("osgi: no directory /nonexistent/bundles (build the distribution with ./mvnw package"),
                r.toString());
    }
}
