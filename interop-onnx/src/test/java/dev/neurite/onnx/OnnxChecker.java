package dev.neurite.onnx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** {@code onnx.checker.check_model} through Python's onnx package, when it is installed. */
final class OnnxChecker {
    private static final String PYTHON = "/usr/bin/python3";
    private static Boolean available;

    private OnnxChecker() {
    }

    /** Null when Python's onnx is usable, otherwise why not (the test skips with that reason). */
    static synchronized String unavailableReason() {
        if (available == null) {
            available = Files.isExecutable(Path.of(PYTHON)) && run("import onnx").isEmpty();
        }
        return available ? null : PYTHON + " with the onnx package (Debian python3-onnx) is not installed";
    }

    /** The checker's complaint about {@code model}, or an empty string when it passes. */
    static String check(byte[] model) throws IOException {
        Path f = Files.createTempFile("neurite-export", ".onnx");
        try {
            Files.write(f, model);
            return run("import onnx,sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)", f.toString());
        } finally {
            Files.deleteIfExists(f);
        }
    }

    private static String run(String code, String... args) {
        try {
            String[] cmd = new String[3 + args.length];
            cmd[0] = PYTHON;
            cmd[1] = "-c";
            cmd[2] = code;
            System.arraycopy(args, 0, cmd, 3, args.length);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "onnx checker timed out";
            }
            return p.exitValue() == 0 ? "" : out.isBlank() ? "exit code " + p.exitValue() : out;
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }
}
