package dev.neurite.api.io;

import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Loss;
import dev.neurite.api.nn.Optimizer;
import dev.neurite.api.nn.Registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model, optionally its optimizer, loss and training state, saved to a directory in open formats:
 * <ul>
 *   <li>{@code model.safetensors}: parameters and buffers by their dotted names;</li>
 *   <li>{@code optimizer.safetensors}: {@link Optimizer#state()}, when an optimizer is saved;</li>
 *   <li>{@code checkpoint.json}: the component specs (type, module, config), the trainer's JSON state, and the
 *       size and SHA-256 of every other file.</li>
 * </ul>
 * {@code checkpoint.json} is written last and atomically. A save interrupted part way therefore leaves either the
 * previous checkpoint intact or files that no longer match the recorded checksums, which {@link #load} reports.
 */
public final class Checkpoint {
    public static final String FORMAT = "neurite-checkpoint";
    public static final int VERSION = 1;
    public static final String MODEL_FILE = "model.safetensors";
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    public static final String INDEX_FILE = "checkpoint.json";

    /** What {@link #load} rebuilt; {@code optimizer} and {@code loss} are null when they were not saved. */
    public record Loaded(Layer model, Optimizer optimizer, Loss loss, Map<String, Object> training) {
    }

    @FunctionalInterface
    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    private Checkpoint() {
    }

    /**
     * Saves into {@code dir} (created if needed), replacing a checkpoint already there.
     *
     * @param optimizer may be null
     * @param loss      may be null
     * @param training  JSON-compatible trainer state (epoch, step, history...); may be null
     */
    public static void save(Path dir, Layer model, Optimizer optimizer, Loss loss, Map<String, Object> training) throws IOException {
        Registry registry = Registry.global();
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("format", FORMAT);
        index.put("version", VERSION);
        index.put("model", registry.spec(model));
        if (optimizer != null) {
            index.put("optimizer", registry.spec(optimizer));
        }
        if (loss != null) {
            index.put("loss", registry.spec(loss));
        }
        index.put("training", training == null ? Map.of() : training);
        // Serialising once now fails on a non-JSON config or training value before any file is touched.
        Json.write(index);

        Files.createDirectories(dir);
        Map<String, Map<String, Tensor>> contents = new LinkedHashMap<>();
        contents.put(MODEL_FILE, weights(model));
        if (optimizer != null) {
            contents.put(OPTIMIZER_FILE, optimizer.state());
        }
        Map<String, Object> files = new LinkedHashMap<>();
        List<Path> written = new ArrayList<>();
        try {
            for (Map.Entry<String, Map<String, Tensor>> c : contents.entrySet()) {
                Path file = dir.resolve(c.getKey());
                Safetensors.write(file, c.getValue(), Map.of("format", "neurite", "content", c.getKey()));
                written.add(file);
                Map<String, Object> info = new LinkedHashMap<>();
                info.put("sha256", Sha256.of(file));
                info.put("bytes", Files.size(file));
                files.put(c.getKey(), info);
            }
            index.put("files", files);
            AtomicFiles.writeString(dir.resolve(INDEX_FILE), Json.writePretty(index));
        } catch (IOException | RuntimeException | Error e) {
            // The files written so far match no checkpoint.json; removing them leaves complete files or none.
            for (Path p : written) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        if (optimizer == null) {
            Files.deleteIfExists(dir.resolve(OPTIMIZER_FILE));
        }
    }

    /** Rebuilds the model (and optimizer, loss) through {@link Registry#global()} and restores their state. */
    public static Loaded load(Path dir) throws IOException {
        Map<String, Object> index = readIndex(dir);
        Path indexFile = dir.resolve(INDEX_FILE);
        Map<String, Object> files = map(indexFile, index, "files", true);
        verify(dir, MODEL_FILE, files);
        Layer model = outsideScope(() -> build(indexFile, "model", map(indexFile, index, "model", true),
                spec -> Registry.global().layer(spec)));
        copyWeights(dir.resolve(MODEL_FILE), model);

        Optimizer optimizer = null;
        Map<String, Object> optimizerSpec = map(indexFile, index, "optimizer", false);
        if (optimizerSpec != null) {
            verify(dir, OPTIMIZER_FILE, files);
            Optimizer built = outsideScope(() -> build(indexFile, "optimizer", optimizerSpec,
                    spec -> Registry.global().optimizer(spec, model.parameters())));
            Path file = dir.resolve(OPTIMIZER_FILE);
            Map<String, Tensor> state = outsideScope(() -> Safetensors.read(file));
            try {
                built.loadState(state);
            } catch (IllegalArgumentException e) {
                throw new CheckpointException(file + ": does not fit optimizer '" + built.typeId() + "': " + e.getMessage(), e);
            }
            optimizer = built;
        }
        Map<String, Object> lossSpec = map(indexFile, index, "loss", false);
        Loss loss = lossSpec == null ? null : build(indexFile, "loss", lossSpec, spec -> Registry.global().loss(spec));
        Map<String, Object> training = map(indexFile, index, "training", false);
        return new Loaded(model, optimizer, loss, training == null ? Map.of() : training);
    }

    /**
     * Copies saved weights into an existing model of the same architecture. {@code source} is a checkpoint
     * directory (its checksum is verified when it has a {@code checkpoint.json}) or a safetensors file, e.g. one
     * exported from PyTorch with matching names.
     */
    public static void loadWeights(Path source, Layer into) throws IOException {
        Path file = source;
        if (Files.isDirectory(source)) {
            file = source.resolve(MODEL_FILE);
            if (Files.exists(source.resolve(INDEX_FILE))) {
                verify(source, MODEL_FILE, map(source.resolve(INDEX_FILE), readIndex(source), "files", true));
            }
        }
        copyWeights(file, into);
    }

    /** Parameters then buffers, by dotted name: what {@code model.safetensors} holds. */
    public static Map<String, Tensor> weights(Layer model) {
        Map<String, Tensor> all = new LinkedHashMap<>(model.parameters());
        all.putAll(model.buffers());
        return all;
    }

    private static Map<String, Object> readIndex(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException(dir + ": no such checkpoint directory");
        }
        Path file = dir.resolve(INDEX_FILE);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file + " is missing: " + dir + " is not a Neurite checkpoint, or the save "
                    + "that created it did not finish", e);
        }
        Map<String, Object> index;
        try {
            index = Json.parseObject(bytes);
        } catch (JsonException e) {
            throw new CheckpointException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        if (!FORMAT.equals(index.get("format"))) {
            throw new CheckpointException(file + ": \"format\" is " + Json.write(index.get("format")) + ", expected \"" + FORMAT + "\"");
        }
        Object version = index.get("version");
        if (!(version instanceof Long v) || v < 1) {
            throw new CheckpointException(file + ": \"version\" must be a positive integer, got " + Json.write(version));
        }
        if (v > VERSION) {
            throw new CheckpointException(file + ": checkpoint format version " + v + " was written by a newer Neurite; "
                    + "this one reads version " + VERSION);
        }
        return index;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Path file, Map<String, Object> json, String key, boolean required) throws CheckpointException {
        Object value = json.get(key);
        if (value == null && !required) {
            return null;
        }
        if (!(value instanceof Map)) {
            throw new CheckpointException(file + ": \"" + key + "\" must be an object, got " + Json.kind(value));
        }
        return (Map<String, Object>) value;
    }

    /** Checks that a listed file is there, complete and unchanged, before it is parsed. */
    private static void verify(Path dir, String name, Map<String, Object> files) throws IOException {
        Path indexFile = dir.resolve(INDEX_FILE);
        Map<String, Object> info = map(indexFile, files, name, false);
        if (info == null) {
            throw new CheckpointException(indexFile + ": \"files\" does not list " + name);
        }
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            throw new CheckpointException(file + " is missing (" + indexFile + " lists it): the checkpoint was copied "
                    + "incompletely or a save was interrupted");
        }
        if (!(info.get("bytes") instanceof Long expectedBytes) || !(info.get("sha256") instanceof String expectedSha)) {
            throw new CheckpointException(indexFile + ": \"files\".\"" + name + "\" needs \"bytes\" and \"sha256\"");
        }
        long actualBytes = Files.size(file);
        if (actualBytes != expectedBytes) {
            throw new CheckpointException(file + ": " + (actualBytes < expectedBytes ? "truncated" : "size changed")
                    + ": " + INDEX_FILE + " records " + expectedBytes + " bytes, file has " + actualBytes);
        }
        String actualSha = Sha256.of(file);
        if (!actualSha.equals(expectedSha)) {
            throw new CheckpointException(file + ": SHA-256 mismatch: " + INDEX_FILE + " records " + expectedSha
                    + ", file has " + actualSha + "; the file is corrupt or was replaced by an unfinished save");
        }
    }

    private static <T> T build(Path indexFile, String what, Map<String, Object> spec, java.util.function.Function<Config, T> factory)
            throws CheckpointException {
        try {
            return factory.apply(Config.of(spec));
        } catch (RuntimeException e) {
            throw new CheckpointException(indexFile + ": cannot rebuild the " + what + ": " + e.getMessage(), e);
        }
    }

    /** Reads {@code file} and copies it into {@code model}, after checking names, shapes and dtypes both ways. */
    @SuppressWarnings("try")
    private static void copyWeights(Path file, Layer model) throws IOException {
        Map<String, Tensor> saved = Safetensors.read(file);
        try {
            Map<String, Tensor> target = weights(model);
            checkMatch(file, model, saved, target);
            try (GradMode.Guard ignored = GradMode.noGrad()) {
                target.forEach((name, t) -> t.copyFrom(saved.get(name)));
            }
        } finally {
            saved.values().forEach(Tensor::close);
        }
    }

    private static void checkMatch(Path file, Layer model, Map<String, Tensor> saved, Map<String, Tensor> target)
            throws CheckpointException {
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : target.entrySet()) {
            Tensor s = saved.get(e.getKey());
            Tensor t = e.getValue();
            if (s == null) {
                missing.add(e.getKey());
            } else if (!s.shape().equals(t.shape()) || s.dtype() != t.dtype()) {
                mismatched.add(e.getKey() + ": saved " + s.shape() + " " + s.dtype() + ", model " + t.shape() + " " + t.dtype());
            }
        }
        List<String> unexpected = saved.keySet().stream().filter(n -> !target.containsKey(n)).sorted().toList();
        if (missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty()) {
            return;
        }
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add("missing " + missing);
        }
        if (!unexpected.isEmpty()) {
            problems.add("unexpected " + unexpected);
        }
        if (!mismatched.isEmpty()) {
            problems.add("shape/dtype mismatch " + mismatched);
        }
        throw new CheckpointException(file + ": does not match model '" + model.typeId() + "': " + String.join("; ", problems));
    }

    /** What is loaded for a model or optimizer outlives any {@link MemoryScope} the caller has open. */
    private static <T> T outsideScope(IoSupplier<T> body) throws IOException {
        try {
            return MemoryScope.outside(() -> {
                try {
                    return body.get();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
