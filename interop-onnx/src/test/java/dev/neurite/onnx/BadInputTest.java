package dev.neurite.onnx;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of bad model gives an {@link OnnxException} that says what is wrong and where. */
class BadInputTest {
    private static byte[] lenet() throws IOException {
        return Files.readAllBytes(TorchModelsImportTest.torchCase("lenet").resolve("model.onnx"));
    }

    private static void assertMessage(OnnxException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message should mention '" + p + "': " + e.getMessage());
        }
    }

    @Test
    void truncatedModel() throws IOException {
        byte[] full = lenet();
        for (int len : new int[]{1, 7, 100, full.length / 2, full.length - 3}) {
            OnnxException e = assertThrows(OnnxException.class, () -> OnnxImporter.load(Arrays.copyOf(full, len)),
                    "truncated to " + len);
            assertMessage(e, "not a valid ONNX model");
        }
    }

    @Test
    void corruptAndEmptyBytes() {
        assertMessage(assertThrows(OnnxException.class, () -> OnnxImporter.load(new byte[0])), "empty");
        byte[] garbage = new byte[300];
        new java.util.Random(3).nextBytes(garbage);
        assertThrows(OnnxException.class, () -> OnnxImporter.load(garbage));
        assertMessage(assertThrows(OnnxException.class, () -> OnnxImporter.load(Path.of("no/such/model.onnx"))),
                "does not exist");
    }

    @Test
    void everyUnknownOperatorIsListedWithNodeNameAndOpset() {
        TestGraphs g = new TestGraphs(15).input("x", DType.FLOAT32, 2)
                .node("Relu", "x", "a").node("FancyOp", "a", "b").node("Relu", "b", "c").node("Einsum", "c", "d")
                .output("d");
        OnnxException e = assertThrows(OnnxException.class, g::load);
        assertMessage(e, "opset 15", "2 unsupported", "'fancyop_1' (FancyOp)", "'einsum_3' (Einsum)");
    }

    @Test
    void unsupportedOpset() {
        OnnxException e = assertThrows(OnnxException.class,
                () -> new TestGraphs(18).input("x", DType.FLOAT32, 2).node("Relu", "x", "y").output("y").load());
        assertMessage(e, "opset 18", "9 to 17");
    }

    @Test
    void initializerDataThatDoesNotMatchItsShape() {
        var proto = new TestGraphs(13).input("x", DType.FLOAT32, 2).initializer("w", Tensor.of(new float[]{1, 2}, 2))
                .node("Add", "x,w", "y").output("y").proto().toBuilder();
        proto.getGraphBuilder().getInitializerBuilder(0).clearDims().addDims(3);
        OnnxException e = assertThrows(OnnxException.class, () -> OnnxImporter.load(proto.build().toByteArray()));
        assertMessage(e, "tensor 'w'", "[3]", "12 bytes", "found 8");
    }

    @Test
    void inconsistentShapesNameTheNode() {
        OnnxModel m = new TestGraphs(13).input("x", DType.FLOAT32, "batch", 4)
                .initializer("w", Tensor.zeros(3, 5)).node("Gemm", "x,w", "y").output("y").load();
        OnnxException e = assertThrows(OnnxException.class, () -> m.forward(Tensor.zeros(2, 4)));
        assertMessage(e, "(Gemm)", "[2, 4]", "[3, 5]");
    }

    @Test
    void inputsAreCheckedAgainstDeclaredAndSymbolicDimensions() {
        OnnxModel m = new TestGraphs(13).input("a", DType.FLOAT32, "batch", 3).input("b", DType.FLOAT32, "batch", 3)
                .node("Add", "a,b", "y").output("y").load();
        OnnxException fixed = assertThrows(OnnxException.class, () -> m.run(Map.of("a", Tensor.zeros(2, 4),
                "b", Tensor.zeros(2, 3))));
        assertMessage(fixed, "'a'", "[batch, 3]", "[2, 4]");
        OnnxException symbolic = assertThrows(OnnxException.class, () -> m.run(Map.of("a", Tensor.zeros(2, 3),
                "b", Tensor.zeros(5, 3))));
        assertMessage(symbolic, "batch=2");
        assertMessage(assertThrows(OnnxException.class, () -> m.run(Map.of("a", Tensor.zeros(2, 3)))), "'b' is not given");
    }

    @Test
    void valueUsedBeforeItIsDefined() {
        OnnxException e = assertThrows(OnnxException.class, () -> new TestGraphs(13).input("x", DType.FLOAT32, 2)
                .node("Relu", "later", "y").node("Relu", "x", "later").output("y").load());
        assertMessage(e, "'later'", "topological");
    }

    @Test
    void missingExternalData(@TempDir Path dir) throws IOException {
        Path source = TorchModelsImportTest.torchCase("mlp_external_data").resolve("model.onnx");
        Path model = dir.resolve("model.onnx");
        Files.copy(source, model);
        OnnxException e = assertThrows(OnnxException.class, () -> OnnxImporter.load(model));
        assertMessage(e, "weights.bin", "does not exist");
        OnnxException inMemory = assertThrows(OnnxException.class, () -> OnnxImporter.load(Files.readAllBytes(source)));
        assertMessage(inMemory, "external data", "weights.bin");
        Files.write(dir.resolve("weights.bin"), new byte[10]);
        assertMessage(assertThrows(OnnxException.class, () -> OnnxImporter.load(model)), "does not fit");
    }

    @Test
    void externalDataOutsideTheModelDirectoryIsRefused() {
        var proto = new TestGraphs(13).input("x", DType.FLOAT32, 2).initializer("w", Tensor.of(new float[]{1, 2}, 2))
                .node("Add", "x,w", "y").output("y").proto().toBuilder();
        proto.getGraphBuilder().getInitializerBuilder(0).clearRawData()
                .setDataLocation(dev.neurite.onnx.proto.OnnxProto.TensorProto.DataLocation.EXTERNAL)
                .addExternalData(dev.neurite.onnx.proto.OnnxProto.StringStringEntryProto.newBuilder()
                        .setKey("location").setValue("../../etc/passwd"));
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        OnnxException e = assertThrows(OnnxException.class,
                () -> OnnxImporter.load(proto.build().toByteArray(), dir, "model"));
        assertMessage(e, "outside the model's directory");
    }

    @Test
    void corruptTensorFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("input_0.pb");
        Files.write(f, new byte[]{(byte) 0xff, 0x01, 0x02});
        assertMessage(assertThrows(OnnxException.class, () -> OnnxTensors.read(f)), "input_0.pb", "not a TensorProto");
    }
}
