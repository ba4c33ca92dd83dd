package dev.neurite.layers.seq2seq;

import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.layers.loss.SparseCategoricalCrossEntropy;
import dev.neurite.layers.optim.Adam;
import dev.neurite.layers.rnn.LSTM;
import dev.neurite.layers.rnn.RecurrentOutput;
import dev.neurite.layers.rnn.RecurrentState;
import dev.neurite.layers.rnn.TruncatedBptt;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A recurrent language model learns a periodic stream with truncated BPTT and continues it when sampled. */
class LanguageModelTest {
    @Test
    void learnsAStreamWithTruncatedBpttAndContinuesIt() {
        // "abcdab cdabcd..." over 5 symbols with period 7: the next symbol depends on more than the current one.
        long[] pattern = {0, 1, 2, 3, 0, 1, 4};
        int batch = 4;
        int length = 70;
        long[] stream = new long[batch * length];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < length; t++) {
                stream[b * length + t] = pattern[(t + 2 * b) % pattern.length];
            }
        }
        Tensor tokens = Tensor.ofLongs(stream, batch, length);
        RecurrentLanguageModel lm = new RecurrentLanguageModel(5, 8, 32, 1, "lstm", 0, 11);
        Adam adam = new Adam(lm.parameters(), 1e-2);
        SparseCategoricalCrossEntropy loss = new SparseCategoricalCrossEntropy();
        double last = Double.NaN;
        for (int epoch = 0; epoch < 12; epoch++) {
            RecurrentState state = null;
            List<Tensor> chunks = TruncatedBptt.chunks(tokens, 1, 14);
            for (int i = 0; i + 1 < chunks.size(); i++) {
                try (MemoryScope scope = MemoryScope.open()) {
                    Tensor input = chunks.get(i);
                    Tensor target = tokens.slice(1, 14L * i + 1, 14L * i + 15);
                    RecurrentLanguageModel.Step s = lm.step(input, TruncatedBptt.detach(state));
                    Tensor l = loss.compute(s.logits(), target);
                    adam.zeroGrad();
                    l.backward();
                    adam.step();
                    last = l.item();
                    state = new RecurrentState(MemoryScope.keep(s.state().h().detach()), MemoryScope.keep(s.state().c().detach()));
                }
            }
        }
        assertTrue(last < 0.1, "loss after training " + last);
        long[] sampled = lm.sample(new long[]{0, 1, 2, 3, 0, 1}, 14, TokenSampler.greedy());
        long[] expected = new long[14];
        for (int i = 0; i < 14; i++) {
            expected[i] = pattern[(6 + i) % pattern.length];
        }
        assertArrayEquals(expected, sampled);
    }

    @Test
    @SuppressWarnings("try")
    void detachedStateStopsGradientsAtTheChunkBoundary() {
        LSTM lstm = new LSTM(2, 3, new dev.neurite.api.Generator(2));
        Tensor x = Tensor.randn(Shape.of(6, 1, 2), 3).requiresGrad(true);
        List<Tensor> chunks = TruncatedBptt.chunks(x, 0, 4);
        assertEquals(2, chunks.size());
        assertEquals(2, chunks.get(1).size(0), "the last chunk is shorter");
        RecurrentOutput first = lstm.forward(chunks.get(0), null);
        RecurrentOutput second = lstm.forward(chunks.get(1), TruncatedBptt.detach(first.state()));
        second.output().sum().backward();
        double[] g = x.grad().toDoubleArray();
        for (int i = 0; i < 8; i++) {
            assertEquals(0, g[i], 0, "no gradient reaches the first chunk");
        }
        assertTrue(Math.abs(g[8]) + Math.abs(g[9]) > 0);
        try (GradMode.Guard guard = GradMode.noGrad()) {
            assertArrayEquals(lstm.forward(x, null).output().slice(0, 4, 6).toFloatArray(), second.output().toFloatArray(), 1e-6f,
                    "the forward pass still sees the whole history");
        }
        assertNull(TruncatedBptt.detach(null));
    }
}
