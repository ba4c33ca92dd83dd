package dev.neurite.apps.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the PyTorch side of a benchmark with Debian's {@code /usr/bin/python3} and reads its JSON result line. */
public final class TorchPeer {
    /** The peer's figures, or why there are none. */
    public record Result(String peer, double samplesPerSecond, double msPerStep, String unavailable) {
        public boolean available() {
            return unavailable == null;
        }
    }

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Pattern NUMBER = Pattern.compile("\"%s\": ([0-9.eE+-]+)");

    private TorchPeer() {
    }

    /** Runs {@code torch_bench.py} for one of the image models. */
    public static Result run(String model, int batch, int steps, int warmup, int threads, String mode) {
        return runScript("torch_bench.py", model, Integer.toString(batch), Integer.toString(steps), Integer.toString(warmup),
                Integer.toString(threads), mode);
    }

    /**
     * Runs a peer script kept as a resource beside this class. The script prints one JSON line with at least
     * {@code peer}, {@code samples_per_s} and {@code ms_per_step}.
     */
    public static Result runScript(String resource, String... args) {
        Output out = execute(resource, args);
        if (!out.available()) {
            return unavailable(out.unavailable());
        }
        try {
            return new Result(out.peer(), out.number("samples_per_s").orElseThrow(), out.number("ms_per_step").orElseThrow(), null);
        } catch (RuntimeException e) {
            return unavailable("the PyTorch run printed no figures: " + out.json());
        }
    }

    /** The last JSON line a peer script printed, or why there is none. */
    public record Output(String json, String unavailable) {
        public boolean available() {
            return unavailable == null;
        }

        public String peer() {
            return json.replaceAll(".*\"peer\": \"([^\"]*)\".*", "$1");
        }

        /** The number under {@code key} in the JSON line, if present. */
        public Optional<Double> number(String key) {
            Matcher m = Pattern.compile(String.format(NUMBER.pattern(), Pattern.quote(key))).matcher(json);
            return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
        }
    }

    /** Runs a peer script kept as a resource beside this class with Debian's python3 and keeps its last JSON line. */
    public static Output execute(String resource, String... args) {
        if (!Files.isExecutable(PYTHON)) {
            return new Output("", "no " + PYTHON + " (install python3-torch)");
        }
        Path script = null;
        try {
            script = Files.createTempFile("neurite-torch-bench", ".py");
            try (InputStream in = TorchPeer.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("no peer script " + resource);
                }
                Files.write(script, in.readAllBytes());
            }
            List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script.toString()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                String last = out.lines().reduce((a, b) -> b).orElse("");
                return new Output("", out.contains("No module named 'torch'") ? "PyTorch is not installed (apt-get install python3-torch)"
                        : "the PyTorch run failed: " + last);
            }
            return new Output(out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(""), null);
        } catch (IOException | RuntimeException e) {
            return new Output("", "could not run PyTorch: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Output("", "interrupted");
        } finally {
            if (script != null) {
                script.toFile().delete();
            }
        }
    }

    private static Result unavailable(String why) {
        return new Result("PyTorch", Double.NaN, Double.NaN, why);
    }
}
