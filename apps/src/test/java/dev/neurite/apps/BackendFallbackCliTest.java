package dev.neurite.apps;

import dev.neurite.api.backend.BackendProvider;
import dev.neurite.api.backend.Backends;
import dev.neurite.apps.cli.ExitCodes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The apps distribution carries backend-cuda's Java jars (not its natives), as a new user's class path would. On a
 * machine where cuda cannot run, each command is checked as that user meets it: in a fresh JVM, reading stdout,
 * stderr and the exit code. On a machine with a usable GPU these checks do not apply and are skipped.
 */
class BackendFallbackCliTest {
    private static String cudaReason;

    /** What one neurite process printed and returned. */
    private record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    @BeforeAll
    static void cudaIsOnTheClassPathButUnusable() {
        BackendProvider cuda = Backends.providers().stream().filter(p -> p.name().equals("cuda")).findFirst()
                .orElseThrow(() -> new AssertionError("backend-cuda is not on the apps class path"));
        assumeFalse(cuda.isAvailable(), "a usable GPU is present; these are the checks for machines without one");
        cudaReason = cuda.unavailableReason();
        assertFalse(cudaReason.isBlank());
    }

    private static Run neurite(Path dir, Map<String, String> env, List<String> jvmOptions, String... args) throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.neurite.apps.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().remove("NEURITE_BACKEND");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "neurite " + String.join(" ", args) + " did not end");
        return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    /** Nothing of ND4J's own failure (an UnsatisfiedLinkError and its stack trace) reaches the user. */
    private static void noRawNativeErrors(Run r) {
        assertFalse(r.err().contains("UnsatisfiedLinkError"), r.toString());
        assertFalse(Pattern.compile("(?m)^\\s+at ").matcher(r.err()).find(), "no stack trace: " + r);
    }

    @Test
    void backendsListsCudaUnavailableWithItsReasonBesideCpuAvailable(@TempDir Path dir) throws Exception {
        Run r = neurite(dir, Map.of(), List.of(), "backends");

        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertTrue(r.out().contains("cuda       100       unavailable: " + cudaReason), r.toString());
        assertTrue(Pattern.compile("(?m)^cpu\\s+10\\s+available \\(default\\): CPU ").matcher(r.out()).find(), r.toString());
        noRawNativeErrors(r);
    }

    /** The README's main command: it runs on cpu and says once, in one line, why cuda was skipped. */
    @Test
    void tourRunsOnCpuAndSaysInOneLineWhyCudaWasSkipped(@TempDir Path dir) throws Exception {
        Run r = neurite(dir, Map.of(), List.of(), "tour", "--epochs", "1", "--out", dir.resolve("tour").toString());

        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertTrue(r.out().contains("using: cpu"), r.toString());
        assertTrue(r.out().contains("reloaded model predicts bit for bit the same"), r.toString());
        List<String> cudaLines = r.err().lines().filter(l -> l.contains("cuda")).toList();
        assertEquals(List.of("INFO: backend 'cuda' skipped: " + cudaReason), cudaLines, r.toString());
        assertEquals(1, r.err().lines().filter(l -> !l.isBlank()).count(), "stderr holds only that line: " + r);
        noRawNativeErrors(r);
    }

    /** --backend, -Dneurite.backend and NEURITE_BACKEND: each fails before any work, with the reason, exit 3. */
    @Test
    void forcingCudaExitsUnavailableWithTheReasonAndWhatToInstall(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("tour");
        List<Run> runs = List.of(
                neurite(dir, Map.of(), List.of(), "tour", "--backend", "cuda", "--out", out.toString()),
                neurite(dir, Map.of(), List.of("-Dneurite.backend=cuda"), "tour", "--out", out.toString()),
                neurite(dir, Map.of("NEURITE_BACKEND", "cuda"), List.of(), "tour", "--out", out.toString()),
                neurite(dir, Map.of(), List.of(), "train", "cnn", "--backend", "cuda", "--out", out.toString()));
        for (Run r : runs) {
            assertEquals(ExitCodes.UNAVAILABLE, r.exitCode(), r.toString());
            assertTrue(r.err().contains("backend 'cuda' was found but is unavailable: " + cudaReason), r.toString());
            // Every reason the probe gives ends in what to do about it.
            assertTrue(Pattern.compile("install|build with|pass the GPU|check").matcher(cudaReason).find(), cudaReason);
            noRawNativeErrors(r);
            assertFalse(Files.exists(out), "nothing was trained or saved");
        }
    }

    @Test
    void doctorOnCudaExitsUnavailableWithTheReason(@TempDir Path dir) throws Exception {
        Run r = neurite(dir, Map.of(), List.of(), "doctor", "--backend", "cuda");

        assertEquals(ExitCodes.UNAVAILABLE, r.exitCode(), r.toString());
        assertTrue(r.err().contains("backend 'cuda' was found but is unavailable: " + cudaReason), r.toString());
        noRawNativeErrors(r);
    }
}
