package dev.neurite.api.io;

import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Optimizer;
import dev.neurite.api.nn.Registry;
import dev.neurite.api.nn.Sequential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@SuppressWarnings("try") // scopes and no-grad guards are opened for their effect
class CheckpointTest {
    private static final TestComponents COMPONENTS = new TestComponents();

    @TempDir
    Path tmp;

    @BeforeAll
    static void registerComponents() {
        Registry.register(COMPONENTS);
    }

    @AfterAll
    static void unregisterComponents() {
        Registry.unregister(COMPONENTS);
    }

    private static Sequential model() {
        return new Sequential(new Affine(3, 4, 10), new Affine(4, 2, 20));
    }

    private static final Tensor X = MemoryScope.outside(() -> Tensor.randn(Shape.of(5, 3), 1));
    private static final Tensor Y = MemoryScope.outside(() -> Tensor.randn(Shape.of(5, 2), 2));

    private static void train(Layer model, Optimizer optimizer, int steps) {
        for (int i = 0; i < steps; i++) {
            try (MemoryScope scope = MemoryScope.open()) {
                optimizer.zeroGrad();
                new SquaredError().compute(model.forward(X), Y).backward();
                optimizer.step();
            }
        }
        optimizer.zeroGrad();
    }

    private static float[] output(Layer model) {
        try (GradMode.Guard g = GradMode.noGrad()) {
            return model.forward(X).toFloatArray();
        }
    }

    /** A trained model whose second layer's buffer is not at its initial value, with its optimizer. */
    private record Trained(Sequential model, MomentumSgd optimizer) {
    }

    private static Trained trained() {
        Sequential model = model();
        MomentumSgd optimizer = new MomentumSgd(model.parameters(), 0.05, 0.9);
        train(model, optimizer, 3);
        try (GradMode.Guard g = GradMode.noGrad()) {
            ((Affine) model.layers().get(1)).scale().copyFrom(Tensor.of(new float[]{0.5f, 2f}, 2));
        }
        return new Trained(model, optimizer);
    }

    private Path saved(Trained t) throws IOException {
        Path dir = tmp.resolve("ckpt");
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("epoch", 2);
        training.put("history", List.of(Map.of("loss", 0.25), Map.of("loss", Double.NaN)));
        Checkpoint.save(dir, t.model(), t.optimizer(), new SquaredError(), training);
        return dir;
    }

    @Test
    void loadReproducesOutputsAndContinuesTrainingBitForBit() throws IOException {
        Trained t = trained();
        Path dir = saved(t);
        assertEquals(List.of("checkpoint.json", "model.safetensors", "optimizer.safetensors"), names(dir));

        Checkpoint.Loaded loaded = Checkpoint.load(dir);
        assertInstanceOf(Sequential.class, loaded.model());
        assertArrayEquals(output(t.model()), output(loaded.model()));
        assertInstanceOf(SquaredError.class, loaded.loss());
        assertEquals(2L, loaded.training().get("epoch"));
        assertTrue(Double.isNaN((Double) ((Map<?, ?>) ((List<?>) loaded.training().get("history")).get(1)).get("loss")));
        assertEquals(0.05, loaded.optimizer().learningRate());
        assertEquals(3L, loaded.optimizer().state().get("step").toLongArray()[0]);

        train(t.model(), t.optimizer(), 2);
        train(loaded.model(), loaded.optimizer(), 2);
        assertArrayEquals(output(t.model()), output(loaded.model()));
        t.model().parameters().forEach((name, p) ->
                assertArrayEquals(p.toFloatArray(), loaded.model().parameters().get(name).toFloatArray(), name));
    }

    @Test
    void checkpointJsonRecordsSpecsTrainingAndChecksums() throws IOException {
        Path dir = saved(trained());
        Map<String, Object> json = Json.parseObject(Files.readAllBytes(dir.resolve("checkpoint.json")));
        assertEquals(List.of("format", "version", "model", "optimizer", "loss", "training", "files"), List.copyOf(json.keySet()));
        assertEquals("neurite-checkpoint", json.get("format"));
        assertEquals(1L, json.get("version"));
        assertEquals("sequential", ((Map<?, ?>) json.get("model")).get("type"));
        assertEquals(TestComponents.MODULE, ((Map<?, ?>) json.get("optimizer")).get("module"));
        Map<?, ?> model = (Map<?, ?>) ((Map<?, ?>) json.get("files")).get("model.safetensors");
        assertEquals(Sha256.of(dir.resolve("model.safetensors")), model.get("sha256"));
        assertEquals(Files.size(dir.resolve("model.safetensors")), model.get("bytes"));
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "0.scale", "1.scale"),
                List.copyOf(Checkpoint.weights(trained().model()).keySet()));
        assertEquals(Map.of("format", "neurite", "content", "model.safetensors"),
                Safetensors.readHeader(dir.resolve("model.safetensors")).metadata());
    }

    @Test
    void savingWithoutOptimizerOrLossLoadsThemAsNull() throws IOException {
        Path dir = saved(trained());
        Sequential plain = model();
        Checkpoint.save(dir, plain, null, null, null);
        assertEquals(List.of("checkpoint.json", "model.safetensors"), names(dir));
        Checkpoint.Loaded loaded = Checkpoint.load(dir);
        assertNull(loaded.optimizer());
        assertNull(loaded.loss());
        assertEquals(Map.of(), loaded.training());
        assertArrayEquals(output(plain), output(loaded.model()));
    }

    @Test
    void loadWeightsFillsAnExistingModelFromADirectoryOrAFile() throws IOException {
        Trained t = trained();
        Path dir = saved(t);
        Sequential fresh = model();
        Checkpoint.loadWeights(dir, fresh);
        assertArrayEquals(output(t.model()), output(fresh));
        Sequential again = model();
        Checkpoint.loadWeights(dir.resolve("model.safetensors"), again);
        assertArrayEquals(output(t.model()), output(again));
    }

    @Test
    void aModelLoadedInsideAMemoryScopeOutlivesIt() throws IOException {
        Trained t = trained();
        Path dir = saved(t);
        Checkpoint.Loaded loaded;
        try (MemoryScope scope = MemoryScope.open()) {
            loaded = Checkpoint.load(dir);
        }
        assertArrayEquals(output(t.model()), output(loaded.model()));
        train(loaded.model(), loaded.optimizer(), 1);
    }

    @Test
    void mismatchedModelsListEveryDifference() throws IOException {
        Path dir = saved(trained());
        CheckpointException shape = assertThrows(CheckpointException.class,
                () -> Checkpoint.loadWeights(dir, new Sequential(new Affine(3, 5, 1), new Affine(5, 2, 1))));
        assertTrue(shape.getMessage().contains("model.safetensors: does not match model 'sequential': shape/dtype mismatch "
                + "[0.weight: saved [3, 4] float32, model [3, 5] float32, 0.bias: saved [4] float32, model [5] float32, "
                + "1.weight: saved [4, 2] float32, model [5, 2] float32, 0.scale: saved [4] float32, model [5] float32]"),
                shape.getMessage());
        CheckpointException names = assertThrows(CheckpointException.class,
                () -> Checkpoint.loadWeights(dir, new Sequential(new Affine(3, 4, 1))));
        assertTrue(names.getMessage().contains("unexpected [1.bias, 1.scale, 1.weight]"), names.getMessage());
        CheckpointException missing = assertThrows(CheckpointException.class,
                () -> Checkpoint.loadWeights(dir, new Sequential(new Affine(3, 4, 1), new Affine(4, 2, 1), new Affine(2, 2, 1))));
        assertTrue(missing.getMessage().contains("missing [2.weight, 2.bias, 2.scale]"), missing.getMessage());
    }

    @Test
    void damagedOrMissingFilesAreReportedByName() throws IOException {
        Path dir = saved(trained());
        Path model = dir.resolve("model.safetensors");
        byte[] original = Files.readAllBytes(model);

        Files.write(model, java.util.Arrays.copyOf(original, original.length - 10));
        assertLoadFails(dir, model + ": truncated: checkpoint.json records " + original.length + " bytes, file has " + (original.length - 10));
        assertLoadWeightsFails(dir, model + ": truncated");

        byte[] flipped = original.clone();
        flipped[flipped.length - 3] ^= 0x40;
        Files.write(model, flipped);
        assertLoadFails(dir, model + ": SHA-256 mismatch: checkpoint.json records ");

        Files.delete(model);
        assertLoadFails(dir, model + " is missing (");

        Files.write(model, original);
        Files.delete(dir.resolve("optimizer.safetensors"));
        assertLoadFails(dir, dir.resolve("optimizer.safetensors") + " is missing (");

        Files.delete(dir.resolve("checkpoint.json"));
        assertLoadFails(dir, dir.resolve("checkpoint.json") + " is missing: " + dir + " is not a Neurite checkpoint");
        assertLoadFails(tmp.resolve("nowhere"), "nowhere: no such checkpoint directory");
    }

    @Test
    void aTruncatedSafetensorsFileWithoutChecksumsIsStillCaught() throws IOException {
        Trained t = trained();
        Path file = tmp.resolve("weights.safetensors");
        Safetensors.write(file, Checkpoint.weights(t.model()));
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.truncate(c.size() - 4);
        }
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.loadWeights(file, model()));
        assertTrue(e.getMessage().matches(".*weights.safetensors: truncated: header says \\d+ data bytes, file has \\d+"), e.getMessage());
    }

    @Test
    void badIndexFilesAreReported() throws IOException {
        Path dir = saved(trained());
        Path index = dir.resolve("checkpoint.json");
        String text = Files.readString(index);
        Files.writeString(index, text.replace("\"version\": 1", "\"version\": 7"));
        assertLoadFails(dir, "checkpoint format version 7 was written by a newer Neurite; this one reads version 1");
        Files.writeString(index, text.replace("\"neurite-checkpoint\"", "\"something-else\""));
        assertLoadFails(dir, "\"format\" is \"something-else\", expected \"neurite-checkpoint\"");
        Files.writeString(index, text.replace("\"version\": 1,", "\"version\": 1"));
        assertLoadFails(dir, index + ": not valid JSON (JSON error at line 4, column 3: unexpected '\"', expected ',' or '}')");
    }

    @Test
    void anUnknownTypeNamesTheModuleThatProvidesIt() throws IOException {
        Path dir = saved(trained());
        Registry.unregister(COMPONENTS);
        try {
            CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(dir));
            assertTrue(e.getMessage().contains("checkpoint.json: cannot rebuild the model: layer type 'test-affine' is not "
                    + "registered; it is provided by module '" + TestComponents.MODULE + "'"), e.getMessage());
        } finally {
            Registry.register(COMPONENTS);
        }
    }

    @Test
    void aSaveThatFailsMidwayLeavesNoFiles() throws IOException {
        Trained t = trained();
        Path dir = tmp.resolve("failing");
        t.optimizer().state().get("velocity.1.bias").close();
        assertThrows(RuntimeException.class, () -> Checkpoint.save(dir, t.model(), t.optimizer(), null, Map.of()));
        assertEquals(List.of(), names(dir));

        Path notADirectory = Files.writeString(tmp.resolve("plain-file"), "x");
        assertThrows(IOException.class, () -> Checkpoint.save(notADirectory.resolve("sub"), model(), null, null, Map.of()));
        assertEquals("x", Files.readString(notADirectory));

        assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.save(tmp.resolve("bad-json"), model(), null, null, Map.of("x", new Object())));
        assertTrue(Files.notExists(tmp.resolve("bad-json")));
    }

    @Test
    void anInterruptedOverwriteIsDetectedOnLoad() throws IOException {
        Trained t = trained();
        Path dir = saved(t);
        // What a crash between writing model.safetensors and checkpoint.json leaves: new weights, old index.
        train(t.model(), t.optimizer(), 1);
        Safetensors.write(dir.resolve("model.safetensors"), Checkpoint.weights(t.model()), Map.of("format", "neurite", "content", "model.safetensors"));
        assertLoadFails(dir, "SHA-256 mismatch");
    }

    private static void assertLoadFails(Path dir, String fragment) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(dir));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    private static void assertLoadWeightsFails(Path dir, String fragment) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.loadWeights(dir, model()));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    private static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
