package dev.neurite.onnx;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Sequential;
import dev.neurite.layers.attention.Transformer;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.core.Flatten;
import dev.neurite.layers.embedding.Embedding;
import dev.neurite.layers.embedding.SinusoidalPositionalEncoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Input declarations of an export: names, dtypes and symbolic dimensions, and the errors for wrong ones. */
class ExportInputsTest {
    private static void assertFails(Executable e, String... parts) {
        OnnxException ex = assertThrows(OnnxException.class, e);
        for (String p : parts) {
            assertTrue(ex.getMessage().contains(p), "'" + p + "' in: " + ex.getMessage());
        }
    }

    private static Layer tokenModel() {
        return new Sequential(new Embedding(10, 4, null, DType.FLOAT32, 1), new SinusoidalPositionalEncoding(4, 8, true));
    }

    @Test
    void namesAndDefaultDimsAreDeclared() {
        Transformer t = new Transformer(8, 2, 1, 1, 16, 0, "relu", 1e-5, true, false, DType.FLOAT32, 3);
        OnnxModel back = OnnxImporter.load(OnnxExporter.toBytes(t, OnnxExportOptions.defaults(),
                OnnxInput.of(1, 5, 8), OnnxInput.of(1, 4, 8).named("target")));
        assertEquals(List.of("src", "target"), back.inputs().stream().map(OnnxValueInfo::name).toList());
        assertEquals(List.of("batch", 5L, 8L), back.inputs().get(0).dims());
        assertEquals(List.of("batch", 4L, 8L), back.outputs().get(0).dims());
        OnnxModel fixed = OnnxImporter.load(OnnxExporter.toBytes(tokenModel(), OnnxExportOptions.defaults().withDynamicBatch(false),
                OnnxInput.tokens(2, 3)));
        assertEquals(DType.INT64, fixed.inputs().get(0).dtype());
        assertEquals(List.of(2L, 3L), fixed.inputs().get(0).dims());
        assertEquals(List.of(2L, 3L, 4L), fixed.outputs().get(0).dims());
    }

    @Test
    void outputDimensionsFollowTheInputs() {
        Layer flat = new Sequential(new Embedding(10, 4, null, DType.FLOAT32, 1), new Flatten());
        OnnxModel back = OnnxImporter.load(OnnxExporter.toBytes(flat, OnnxExportOptions.defaults(),
                OnnxInput.tokens(1, 3).withDims("batch", "seq")));
        assertEquals(List.of("batch", "?"), back.outputs().get(0).dims(), "seq * 4 is declared unknown, not fixed");
    }

    @Test
    void tokensDeclaredAsFloatAreRejectedWithAHint() {
        assertFails(() -> OnnxExporter.toBytes(tokenModel(), List.of(dev.neurite.api.Shape.of(1, 3)), OnnxExportOptions.defaults()),
                "'0'", "embedding", "float32", "int64", "OnnxInput.tokens");
    }

    @Test
    void aDimensionTheModelCannotVaryIsNamed() {
        Layer fixedLength = new Sequential(new Flatten(), new Dense(12, 2, new Generator(1)));
        assertFails(() -> OnnxExporter.toBytes(fixedLength, OnnxExportOptions.defaults(),
                OnnxInput.of(1, 3, 4).withDims("batch", "seq", null)),
                "'seq'", "axis 1 of input 'input'", "3");
    }

    @Test
    void inconsistentSymbolicSizesAreRejected() {
        Transformer t = new Transformer(8, 2, 1, 1, 16, 0, "relu", 1e-5, true, false, DType.FLOAT32, 3);
        assertFails(() -> OnnxExporter.toBytes(t, OnnxExportOptions.defaults(), OnnxInput.of(1, 5, 8), OnnxInput.of(2, 4, 8)),
                "'batch'", "1", "2", "input 'tgt'");
    }

    @Test
    void badDeclarationsAreRejected() {
        assertFails(() -> OnnxInput.of(1, 3).withDims("batch"), "[1, 3]", "2", "[batch]");
        assertFails(() -> OnnxInput.of(1, 3).withDims("batch", " "), "non-blank");
        assertFails(() -> OnnxExporter.toBytes(new Transformer(8, 2, 1, 1, 16, 0, "relu", 1e-5, true, false, DType.FLOAT32, 3),
                OnnxExportOptions.defaults(), OnnxInput.of(1, 5, 8).named("x"), OnnxInput.of(1, 4, 8).named("x")), "'x'");
        assertFails(() -> OnnxExporter.toBytes(new Transformer(8, 2, 1, 1, 16, 0, "relu", 1e-5, true, false, DType.FLOAT32, 3),
                OnnxExportOptions.defaults(), OnnxInput.of(1, 5, 8)), "transformer", "2 inputs (src, tgt)");
        assertFails(() -> OnnxExporter.toBytes(tokenModel(), OnnxExportOptions.defaults()), "no inputs");
    }
}
