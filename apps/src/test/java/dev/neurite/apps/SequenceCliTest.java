package dev.neurite.apps;

import dev.neurite.apps.CliRun.Result;

import dev.neurite.api.io.Checkpoint;
import dev.neurite.apps.cli.ExitCodes;
import dev.neurite.layers.seq2seq.RecurrentLanguageModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.neurite.apps.CliRun.neurite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sequence commands ({@code train reverse}, {@code train charlm}, {@code bench lstm}, {@code bench transformer}) at tiny sizes. */
class SequenceCliTest {

    @Test
    void reverseReportsTheAccuracyFailsBelowTheTargetAndSavesTheModel(@TempDir Path dir) throws IOException {
        Result low = neurite("train", "reverse", "--model", "lstm", "--min-length", "3", "--max-length", "4", "--batch-size", "8",
                "--steps", "4", "--eval-every", "2", "--target", "1.01", "--out", dir.resolve("lstm").toString());
        assertEquals(ExitCodes.FAILURE, low.exitCode(), low.toString());
        assertTrue(low.out().contains("step     2") && low.out().contains("final token accuracy"), low.toString());
        assertInstanceOf(dev.neurite.layers.seq2seq.LstmSeq2Seq.class, Checkpoint.load(dir.resolve("lstm")).model(),
                "the model is saved even when it missed the target");
        Result reached = neurite("train", "reverse", "--model", "transformer", "--min-length", "3", "--max-length", "3", "--batch-size", "4",
                "--steps", "4", "--eval-every", "2", "--target", "0", "--out", dir.resolve("transformer").toString());
        assertEquals(ExitCodes.OK, reached.exitCode(), reached.toString());
        assertTrue(reached.out().contains("after 2 steps"), "stops at the first check that meets the target:\n" + reached);
        Checkpoint.Loaded saved = Checkpoint.load(dir.resolve("transformer"));
        assertInstanceOf(dev.neurite.layers.seq2seq.TransformerSeq2Seq.class, saved.model());
        assertEquals("reverse", saved.training().get("task"), saved.training().toString());
        Result unknown = neurite("train", "reverse", "--model", "gru", "--steps", "1");
        assertEquals(ExitCodes.FAILURE, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.err().contains("transformer or lstm"), unknown.toString());
    }

    @Test
    void charlmTrainsSavesAndSamples(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("text.txt");
        Files.writeString(text, "the cat sat on the mat. ".repeat(20), StandardCharsets.UTF_8);
        Path out = dir.resolve("charlm");
        Result r = neurite("train", "charlm", "--text", text.toString(), "--steps", "6", "--hidden", "16", "--layers", "2",
                "--batch-size", "2", "--chunk", "8", "--sample-length", "30", "--prompt", "the ", "--out", out.toString());
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        Matcher m = Pattern.compile("--- sample[^\\n]*\\n(.*)\\n", Pattern.DOTALL).matcher(r.out());
        assertTrue(m.find(), r.toString());
        assertTrue(m.group(1).startsWith("the ") && m.group(1).length() == 34, "prompt and 30 sampled characters: " + m.group(1));
        assertTrue(m.group(1).chars().allMatch(c -> "the cat sat on the mat. ".indexOf(c) >= 0), "only the text's characters");
        RecurrentLanguageModel model = assertInstanceOf(RecurrentLanguageModel.class, Checkpoint.load(out).model());
        assertEquals(11, model.vocab(), "the text's distinct characters: 't', 'h', 'e', ' ', 'c', 'a', 's', 'o', 'n', 'm', '.'");
        assertEquals(ExitCodes.UNAVAILABLE, neurite("train", "charlm", "--text", dir.resolve("missing.txt").toString()).exitCode());
    }

    @Test
    void benchesRunWithoutThePeer() {
        Result lstm = neurite("bench", "lstm", "--steps", "1", "--warmup", "1", "--seq", "3", "--hidden", "8", "--batch-size", "2", "--no-peer");
        assertEquals(ExitCodes.OK, lstm.exitCode(), lstm.toString());
        assertTrue(lstm.out().contains("LSTM training step: batch 2, seq 3, hidden 8") && lstm.out().contains("Neurite cpu"), lstm.toString());
        Result tf = neurite("bench", "transformer", "--steps", "1", "--warmup", "1", "--seq", "4", "--d-model", "8", "--heads", "2",
                "--ffn", "16", "--layers", "1", "--batch-size", "2", "--no-peer");
        assertEquals(ExitCodes.OK, tf.exitCode(), tf.toString());
        assertTrue(tf.out().contains("1 layers, d_model 8, 2 heads, FFN 16, seq 4") && tf.out().contains("Neurite cpu"), tf.toString());
    }
}
