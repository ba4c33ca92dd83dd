package dev.neurite.apps.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link ParityWorker} in a child JVM (same Java, same class path) and reads back its per-step losses. A
 * child per backend, because ND4J holds one backend per process.
 */
final class ParityRun {
    static final long TIMEOUT_MINUTES = 10;

    /** The losses of one run, or why there are none ({@code error} non-empty). */
    record Result(String backend, String device, double[] losses, String error) {
        boolean ok() {
            return error.isEmpty();
        }
    }

    private ParityRun() {
    }

    static Result run(String backend, String model, int steps, long seed) {
        String classPath = System.getProperty("java.class.path", "");
        if (classPath.isBlank()) {
            return failed(backend, "the parity run needs Neurite on the class path (it starts a JVM per backend)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The child picks the same natives as this JVM would (see docs/backends.md) and is forced onto one backend.
        for (String property : new String[]{"org.bytedeco.javacpp.platform.extension", "neurite.nd4j.poolBytes"}) {
            String value = System.getProperty(property);
            if (value != null) {
                command.add("-D" + property + "=" + value);
            }
        }
        command.add("-Dneurite.backend=" + backend);
        command.addAll(List.of("-cp", classPath, ParityWorker.class.getName(), backend, model,
                Integer.toString(steps), Long.toString(seed)));
        Path err = null;
        Path outFile = null;
        try {
            err = Files.createTempFile("neurite-parity", ".err");
            outFile = Files.createTempFile("neurite-parity", ".out");
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).redirectOutput(outFile.toFile()).start();
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return failed(backend, "the " + model + " run did not finish within " + TIMEOUT_MINUTES + " minutes");
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                return failed(backend, "the " + model + " run exited with " + p.exitValue()
                        + (stderr.isEmpty() ? "" : ": " + stderr.lines().reduce((a, b) -> b).orElse("")));
            }
            return parse(backend, Files.readString(outFile, StandardCharsets.UTF_8), steps);
        } catch (IOException e) {
            return failed(backend, "could not start a JVM for the parity run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(backend, "interrupted");
        } finally {
            delete(err);
            delete(outFile);
        }
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }

    /** Reads {@code device D} and {@code loss STEP VALUE} lines. */
    static Result parse(String backend, String out, int steps) {
        double[] losses = new double[steps];
        int seen = 0;
        String device = "";
        for (String line : out.split("\n")) {
            String[] f = line.strip().split(" ", 3);
            if (f[0].equals("device") && f.length > 1) {
                device = line.strip().substring("device ".length());
            } else if (f[0].equals("loss") && f.length == 3) {
                int step = Integer.parseInt(f[1]);
                if (step >= 0 && step < steps) {
                    losses[step] = Double.parseDouble(f[2]);
                    seen++;
                }
            }
        }
        if (seen != steps) {
            return failed(backend, "expected " + steps + " losses from the parity run, got " + seen);
        }
        return new Result(backend, device, losses, "");
    }

    private static Result failed(String backend, String why) {
        return new Result(backend, "", new double[0], why);
    }

    /** Largest {@code |a - b| / max(1, |a|)} over the steps. */
    static double maxRelativeDifference(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(a[i]));
            max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(max, d);
        }
        return max;
    }
}
