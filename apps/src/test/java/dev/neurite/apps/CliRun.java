package dev.neurite.apps;

import dev.neurite.api.backend.Backends;
import dev.neurite.apps.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the {@code neurite} command line in this JVM for the CLI tests, with its output captured. */
final class CliRun {
    private CliRun() {
    }

    /** What one command printed and returned. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /**
     * Runs the command line with System.out and System.err captured. {@code --backend} sets the process-wide property
     * {@code neurite.backend}; it is put back as it was, so no command leaks its choice into later tests.
     */
    static synchronized Result neurite(String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        String savedProperty = System.getProperty(Backends.PROPERTY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.run(args);
        } finally {
            System.out.flush();
            System.err.flush();
            System.setOut(savedOut);
            System.setErr(savedErr);
            if (savedProperty == null) {
                System.clearProperty(Backends.PROPERTY);
            } else {
                System.setProperty(Backends.PROPERTY, savedProperty);
            }
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
