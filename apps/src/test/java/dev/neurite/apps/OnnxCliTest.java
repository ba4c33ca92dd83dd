package dev.neurite.apps;

import dev.neurite.apps.CliRun.Result;

import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.io.Checkpoint;
import dev.neurite.api.nn.Layer;
import dev.neurite.apps.cli.ExitCodes;
import dev.neurite.apps.models.Models;
import dev.neurite.onnx.OnnxExportOptions;
import dev.neurite.onnx.OnnxExporter;
import dev.neurite.onnx.OnnxImporter;
import dev.neurite.onnx.OnnxModel;
import dev.neurite.onnx.OnnxTensors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.neurite.apps.CliRun.neurite;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code neurite onnx test/run/inspect/export/ops/bench} through {@link Main#run}: what they print and return. */
class OnnxCliTest {
    @TempDir
    static Path dir;
    private static Path caseDir;
    private static Tensor input;
    private static Tensor expected;


    /** A backend-test case written from a Neurite model: model.onnx, its input and Neurite's output. */
    @BeforeAll
    static void writeCase() throws IOException {
        Layer cnn = Models.cnn(3);
        cnn.eval();
        caseDir = dir.resolve("cases").resolve("cnn");
        Files.createDirectories(caseDir.resolve("test_data_set_0"));
        OnnxExporter.export(cnn, List.of(Shape.of(1, 1, 28, 28)), OnnxExportOptions.defaults(), caseDir.resolve("model.onnx"));
        input = Tensor.rand(Shape.of(2, 1, 28, 28), 11);
        try (GradMode.Guard g = GradMode.noGrad()) {
            expected = cnn.forward(input);
        }
        OnnxTensors.write(caseDir.resolve("test_data_set_0/input_0.pb"), "input", input);
        OnnxTensors.write(caseDir.resolve("test_data_set_0/output_0.pb"), "output", expected);
    }

    @Test
    void testPassesACaseAndPrintsTheTotal() {
        Result r = neurite("onnx", "test", dir.resolve("cases").toString());
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertTrue(r.out().contains("PASS cnn"), r.toString());
        assertTrue(r.out().contains("1 passed, 0 failed, 1 cases"), r.toString());
    }

    @Test
    void testFailsACaseWithWrongExpectations() throws IOException {
        Path bad = dir.resolve("bad").resolve("cnn_wrong");
        Files.createDirectories(bad.resolve("test_data_set_0"));
        Files.copy(caseDir.resolve("model.onnx"), bad.resolve("model.onnx"));
        Files.copy(caseDir.resolve("test_data_set_0/input_0.pb"), bad.resolve("test_data_set_0/input_0.pb"));
        OnnxTensors.write(bad.resolve("test_data_set_0/output_0.pb"), "output", expected.add(0.01));
        Result r = neurite("onnx", "test", caseDir.toString(), bad.toString());
        assertEquals(ExitCodes.FAILURE, r.exitCode(), r.toString());
        assertTrue(r.out().contains("PASS cnn") && r.out().contains("FAIL cnn_wrong"), r.toString());
        assertTrue(r.out().contains("1 passed, 1 failed, 2 cases"), r.toString());
    }

    @Test
    void runWritesOutputsAsTensorProtoFiles() {
        Path out = dir.resolve("run-out");
        Result r = neurite("onnx", "run", "--model", caseDir.resolve("model.onnx").toString(),
                "--input", "input=" + caseDir.resolve("test_data_set_0/input_0.pb"), "--out", out.toString());
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        OnnxTensors.Named written = OnnxTensors.read(out.resolve("output.pb"));
        assertEquals("output", written.name());
        assertArrayEquals(expected.toFloatArray(), written.tensor().toFloatArray(), 1e-5f);
    }

    @Test
    void runRejectsAnInputOfTheWrongShape() throws IOException {
        Path wrong = dir.resolve("wrong.pb");
        OnnxTensors.write(wrong, "input", Tensor.zeros(2, 3));
        Result r = neurite("onnx", "run", "--model", caseDir.resolve("model.onnx").toString(), "--input", "input=" + wrong);
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.toString());
        assertTrue(r.err().contains("[batch, 1, 28, 28]") && r.err().contains("[2, 3]"), r.toString());
    }

    @Test
    void inspectPrintsInputsOutputsOpsetAndHistogram() {
        Result r = neurite("onnx", "inspect", caseDir.resolve("model.onnx").toString());
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertTrue(r.out().contains("opset:    13"), r.toString());
        assertTrue(r.out().contains("input: float32[batch, 1, 28, 28]"), r.toString());
        assertTrue(r.out().matches("(?s).*Conv\\s+2\\n.*") && r.out().matches("(?s).*MaxPool\\s+2\\n.*"), r.toString());
    }

    @Test
    void inspectOfACorruptFileIsABadInput() throws IOException {
        Path junk = dir.resolve("junk.onnx");
        Files.write(junk, new byte[]{0x0a, (byte) 0xff, 0x7f, 0x01});
        Result r = neurite("onnx", "inspect", junk.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.toString());
        assertTrue(r.err().contains("not a valid ONNX model"), r.toString());
    }

    @Test
    void exportWritesACheckpointAsOnnx() throws IOException {
        Path ckpt = dir.resolve("ckpt");
        Layer mlp = Models.mlp(5);
        Checkpoint.save(ckpt, mlp, null, null, Map.of());
        Path out = dir.resolve("mlp.onnx");
        Result r = neurite("onnx", "export", "--model", ckpt.toString(), "--out", out.toString(), "--opset", "15");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        OnnxModel back = OnnxImporter.load(out);
        assertEquals(15, back.opset());
        mlp.eval();
        try (GradMode.Guard g = GradMode.noGrad()) {
            assertArrayEquals(mlp.forward(input).toFloatArray(), back.forward(input).toFloatArray(), 1e-4f);
        }
        Result bad = neurite("onnx", "export", "--model", ckpt.toString(), "--out", out.toString(), "--opset", "8");
        assertEquals(ExitCodes.BAD_INPUT, bad.exitCode(), bad.toString());
    }

    @Test
    void opsListsTheRegistry() {
        Result r = neurite("onnx", "ops", "--markdown");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertTrue(r.out().contains("| `Conv` |") && r.out().contains("| `LSTM` |"), r.toString());
    }

    @Test
    void benchPrintsNeuriteBesideOnnxRuntime() {
        Result r = neurite("onnx", "bench", "--steps", "2", "--warmup", "1", "--batch-size", "4", "--threads", "1");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertTrue(r.out().contains("ONNX Runtime Java") && r.out().contains("Neurite / ONNX Runtime"), r.toString());
    }
}
