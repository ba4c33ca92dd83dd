package dev.neurite.onnx;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/onnx-ops.md is the registry's table, byte for byte. Regenerate it with
 * {@code neurite onnx ops --markdown > docs/onnx-ops.md} or by running this test with {@code -Dneurite.writeDocs=true}.
 */
class OperatorDocsTest {
    private static final Path DOC = Path.of("..", "docs", "onnx-ops.md");

    @Test
    void docsListTheRegistry() throws IOException {
        String table = OnnxOperators.markdownTable();
        if (Boolean.getBoolean("neurite.writeDocs")) {
            Files.writeString(DOC, table, StandardCharsets.UTF_8);
        }
        assertTrue(Files.isRegularFile(DOC), DOC.toAbsolutePath() + " is missing; run with -Dneurite.writeDocs=true");
        assertEquals(table, Files.readString(DOC, StandardCharsets.UTF_8),
                "docs/onnx-ops.md is out of date; regenerate it with -Dneurite.writeDocs=true");
    }

    /** The operators the issue names are all there. */
    @Test
    void coversTheOperatorsPyTorchExports() {
        for (String op : List.of("Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Pow", "Sqrt", "Exp", "Log", "Neg", "Abs",
                "Relu", "LeakyRelu", "Elu", "Sigmoid", "Tanh", "Erf", "Gelu", "Softmax", "LogSoftmax", "Conv",
                "ConvTranspose", "MaxPool", "AveragePool", "GlobalAveragePool", "BatchNormalization",
                "LayerNormalization", "Dropout", "Flatten", "Reshape", "Transpose", "Squeeze", "Unsqueeze", "Concat",
                "Split", "Slice", "Gather", "Expand", "Tile", "Shape", "Constant", "ConstantOfShape", "Range", "Cast",
                "Identity", "Where", "Equal", "Less", "Greater", "Not", "ReduceMean", "ReduceSum", "ReduceMax", "Clip",
                "Pad", "Resize", "LSTM", "GRU", "RNN")) {
            assertTrue(OnnxOperators.isSupported(op), op);
        }
    }
}
