package dev.neurite.layers.seq2seq;

import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.io.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Encoder-decoders survive a checkpoint: same logits and same generated tokens; bad token input is rejected. */
class Seq2SeqCheckpointTest {
    @Test
    @SuppressWarnings("try")
    void checkpointRestoresLogitsAndGeneration(@TempDir Path dir) throws IOException {
        ReversalTask task = new ReversalTask(6, 3, 5);
        ReversalTask.Batch b = task.batch(3, new SplittableRandom(2));
        for (Seq2Seq model : List.of(new TransformerSeq2Seq(7, 7, 8, 2, 1, 1, 16, 0, 8, false, 5),
                new LstmSeq2Seq(7, 7, 6, 10, 2, true, 0, 6))) {
            Path d = dir.resolve(model.typeId());
            model.eval();
            Checkpoint.save(d, model, null, null, Map.of());
            Seq2Seq loaded = assertInstanceOf(Seq2Seq.class, Checkpoint.load(d).model());
            loaded.eval();
            try (GradMode.Guard g = GradMode.noGrad()) {
                assertArrayEquals(model.logits(b.src(), b.tgtIn()).toFloatArray(), loaded.logits(b.src(), b.tgtIn()).toFloatArray());
                assertArrayEquals(model.generate(b.src(), task.bos(), 5, -1, TokenSampler.greedy()).toLongArray(),
                        loaded.generate(b.src(), task.bos(), 5, -1, TokenSampler.greedy()).toLongArray());
            }
            assertThrows(IllegalArgumentException.class, () -> model.logits(Tensor.zeros(3, 4), b.tgtIn()));
        }
    }
}
