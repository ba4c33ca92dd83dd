package dev.neurite.apps;

import dev.neurite.apps.CliRun.Result;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.io.Checkpoint;
import dev.neurite.api.nn.Layer;
import dev.neurite.apps.cli.ExitCodes;
import dev.neurite.apps.models.Models;
import dev.neurite.layers.attention.AttentionMasks;
import dev.neurite.layers.attention.Transformer;
import dev.neurite.layers.seq2seq.LstmSeq2Seq;
import dev.neurite.layers.seq2seq.RecurrentLanguageModel;
import dev.neurite.layers.seq2seq.TransformerSeq2Seq;
import dev.neurite.onnx.OnnxImporter;
import dev.neurite.onnx.OnnxModel;
import dev.neurite.onnx.OnnxValueInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.neurite.apps.CliRun.neurite;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code neurite onnx export --input ...}: checkpoints of token and several-input models exported from the command
 * line, run in ONNX Runtime at other sizes than the traced ones and compared with Neurite; and the errors for bad specs.
 */
class OnnxExportCliTest {
    @TempDir
    static Path dir;
    private static Path seq2seq;

    @BeforeAll
    static void saveSeq2Seq() throws Exception {
        seq2seq = dir.resolve("seq2seq");
        Checkpoint.save(seq2seq, new TransformerSeq2Seq(7, 9, 16, 2, 1, 1, 32, 0, 16, true, 5), null, null, Map.of());
    }

    private static Tensor tokens(long vocab, long seed, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        long n = Shape.of(shape).numel();
        long[] ids = new long[(int) n];
        for (int i = 0; i < n; i++) {
            ids[i] = r.nextLong(vocab);
        }
        return Tensor.ofLongs(ids, shape);
    }

    private static Result export(Path ckpt, String out, String... options) {
        String[] args = new String[6 + options.length];
        System.arraycopy(new String[]{"onnx", "export", "--model", ckpt.toString(), "--out", dir.resolve(out).toString()}, 0, args, 0, 6);
        System.arraycopy(options, 0, args, 6, options.length);
        return neurite(args);
    }

    private static float[] neuriteOutput(Layer model, List<Tensor> inputs) {
        model.eval();
        try (GradMode.Guard g = GradMode.noGrad()) {
            return model.forward(inputs).toFloatArray();
        }
    }

    @Test
    void seq2seqCheckpointsExportWithTokenInputsAndSymbolicLengths() throws Exception {
        Path lstm = dir.resolve("lstm-seq2seq");
        Checkpoint.save(lstm, new LstmSeq2Seq(7, 9, 8, 12, 1, true, 0, 6), null, null, Map.of());
        for (Path ckpt : List.of(seq2seq, lstm)) {
            String file = ckpt.getFileName() + ".onnx";
            Result r = export(ckpt, file, "--input", "src:int64:1x6:batch,src_len", "--input", "tgt_in:int64:1x5:batch,tgt_len");
            assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
            assertTrue(r.out().contains("2 inputs: src int64[batch, src_len], tgt_in int64[batch, tgt_len]"), r.toString());
            OnnxModel back = OnnxImporter.load(dir.resolve(file));
            assertEquals(List.of("src", "tgt_in"), back.inputs().stream().map(OnnxValueInfo::name).toList());
            assertEquals(DType.INT64, back.inputs().get(1).dtype());
            assertEquals(List.of("batch", "tgt_len", 9L), back.outputs().get(0).dims());
            Tensor src = tokens(7, 1, 2, 8);
            Tensor tgtIn = tokens(9, 2, 2, 3);
            float[] ort = OrtSessions.run(dir.resolve(file), Map.of("src", src, "tgt_in", tgtIn));
            assertArrayEquals(neuriteOutput(Checkpoint.load(ckpt).model(), List.of(src, tgtIn)), ort, 1e-4f, file);
        }
    }

    @Test
    void aCharLmCheckpointFromTrainCharlmExports() throws Exception {
        Path text = dir.resolve("text.txt");
        Files.writeString(text, "the cat sat on the mat. ".repeat(20), StandardCharsets.UTF_8);
        Path ckpt = dir.resolve("charlm");
        Result trained = neurite("train", "charlm", "--text", text.toString(), "--steps", "3", "--hidden", "12", "--layers", "2",
                "--batch-size", "2", "--chunk", "8", "--sample-length", "4", "--out", ckpt.toString());
        assertEquals(ExitCodes.OK, trained.exitCode(), trained.toString());
        RecurrentLanguageModel model = assertInstanceOf(RecurrentLanguageModel.class, Checkpoint.load(ckpt).model());
        Result r = export(ckpt, "charlm.onnx", "--input", "tokens:int64:1x8:batch,seq", "--opset", "17");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        Tensor x = tokens(model.vocab(), 3, 3, 5);
        float[] ort = OrtSessions.run(dir.resolve("charlm.onnx"), Map.of("tokens", x));
        assertArrayEquals(neuriteOutput(model, List.of(x)), ort, 1e-4f);
    }

    @Test
    void causalDecoderExportsTheMaskedForward() throws Exception {
        Path ckpt = dir.resolve("transformer");
        Transformer t = new Transformer(8, 2, 1, 1, 16, 0, "relu", 1e-5, true, false, DType.FLOAT32, 3);
        Checkpoint.save(ckpt, t, null, null, Map.of());
        String[] inputs = {"--input", "src:float32:1x5x8:batch,src_len,-", "--input", "tgt:float32:1x4x8:batch,tgt_len,-"};
        Result causal = export(ckpt, "causal.onnx", concat(inputs, "--causal-decoder"));
        assertEquals(ExitCodes.OK, causal.exitCode(), causal.toString());
        assertTrue(causal.out().contains("causal decoder"), causal.toString());
        Result plain = export(ckpt, "plain.onnx", inputs);
        assertEquals(ExitCodes.OK, plain.exitCode(), plain.toString());
        Tensor src = Tensor.randn(Shape.of(2, 6, 8), 4);
        Tensor tgt = Tensor.randn(Shape.of(2, 3, 8), 5);
        Map<String, Tensor> feeds = Map.of("src", src, "tgt", tgt);
        float[] masked;
        t.eval();
        try (GradMode.Guard g = GradMode.noGrad()) {
            masked = t.forward(src, tgt, null, AttentionMasks.causal(3), null, null, null, null).toFloatArray();
        }
        assertArrayEquals(masked, OrtSessions.run(dir.resolve("causal.onnx"), feeds), 1e-4f);
        float[] unmasked = neuriteOutput(t, List.of(src, tgt));
        assertArrayEquals(unmasked, OrtSessions.run(dir.resolve("plain.onnx"), feeds), 1e-4f);
        assertTrue(maxDifference(masked, unmasked) > 1e-3, "the mask changes the output, so the two exports differ");
    }

    @Test
    void inputShapeStillDeclaresOneFloatInput() throws Exception {
        Path ckpt = dir.resolve("mlp");
        Checkpoint.save(ckpt, Models.mlp(5), null, null, Map.of());
        Result r = export(ckpt, "mlp.onnx", "--input-shape", "2,1,28,28", "--static-batch");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertTrue(r.out().contains("1 input: float32[2, 1, 28, 28]"), r.toString());
        OnnxModel back = OnnxImporter.load(dir.resolve("mlp.onnx"));
        assertEquals(List.of("input"), back.inputs().stream().map(OnnxValueInfo::name).toList());
        assertEquals(List.of(2L, 1L, 28L, 28L), back.inputs().get(0).dims());
    }

    @Test
    void badSpecsAreRejectedWithWhatWasExpected() {
        assertBadInput(export(seq2seq, "bad.onnx", "--input", "src:1x6"), "'src:1x6'", "NAME:DTYPE:SHAPE[:DIMS]", "2 fields");
        assertBadInput(export(seq2seq, "bad.onnx", "--input", "src:int8:1x6"), "unknown dtype 'int8'", "float32, float64 or int64");
        assertBadInput(export(seq2seq, "bad.onnx", "--input", "src:int64:1xa"), "positive sizes", "'1xa'");
        assertBadInput(export(seq2seq, "bad.onnx", "--input", "src:int64:1x6:batch"), "one entry per axis of [1, 6] (2)", "got 1");
        assertBadInput(export(seq2seq, "bad.onnx", "--input", "src:int64:1x6:batch,6"), "'-' for a fixed axis", "got '6'");
        assertBadInput(export(seq2seq, "bad.onnx", "--input", "1src:int64:1x6"), "identifier", "'1src'");
        assertTrue(Files.notExists(dir.resolve("bad.onnx")), "nothing is written for a bad spec");
    }

    @Test
    void aWrongNumberOfInputsNamesTheExpectedAndTheGiven() {
        assertBadInput(export(seq2seq, "bad.onnx", "--input", "src:int64:1x6"),
                "expected 2 inputs (src, tgt_in), got 1", "given 1 input: src int64[batch, 6]");
        assertBadInput(export(seq2seq, "bad.onnx"), "given 1 input: float32[batch, 1, 28, 28]", "the default --input-shape",
                "--input NAME:DTYPE:SHAPE[:DIMS]");
        assertBadInput(export(seq2seq, "bad.onnx", "--input", "src:float32:1x6", "--input", "tgt_in:float32:1x5"),
                "expected tgt_in as int64", "--input NAME:int64:SHAPE", "given 2 inputs: src float32[batch, 6], tgt_in float32[batch, 5]");
        Result both = export(seq2seq, "bad.onnx", "--input-shape", "1,6", "--input", "src:int64:1x6");
        assertEquals(ExitCodes.USAGE, both.exitCode(), both.toString());
        assertTrue(both.err().contains("--input-shape and --input are exclusive"), both.toString());
    }

    private static void assertBadInput(Result r, String... parts) {
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.toString());
        for (String p : parts) {
            assertTrue(r.err().contains(p), "'" + p + "' in:\n" + r);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
