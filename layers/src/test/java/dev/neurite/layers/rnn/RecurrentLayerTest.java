package dev.neurite.layers.rnn;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.io.Checkpoint;
import dev.neurite.api.nn.Layer;
import dev.neurite.layers.FiniteDifference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SimpleRNN, LSTM and GRU: float64 finite differences, variable lengths, layouts, dropout, checkpoints and errors. */
class RecurrentLayerTest {
    private static Tensor randn(long seed, long... shape) {
        return Tensor.randn(Shape.of(shape), seed).cast(DType.FLOAT64);
    }

    private static RecurrentLayer layer(Cell cell, long in, long hidden, int layers, boolean bidirectional, boolean batchFirst,
                                        DType dtype, long seed) {
        return switch (cell) {
            case LSTM -> new LSTM(in, hidden, layers, true, batchFirst, 0, bidirectional, dtype, seed);
            case GRU -> new GRU(in, hidden, layers, true, batchFirst, 0, bidirectional, dtype, seed);
            case RNN_TANH -> new SimpleRNN(in, hidden, layers, "tanh", true, batchFirst, 0, bidirectional, dtype, seed);
            case RNN_RELU -> new SimpleRNN(in, hidden, layers, "relu", true, batchFirst, 0, bidirectional, dtype, seed);
        };
    }

    /** Output, h_n and c_n flattened into one vector, so one check covers all three. */
    private static Tensor everything(RecurrentOutput out) {
        List<Tensor> parts = new ArrayList<>(List.of(out.output().reshape(-1), out.h().reshape(-1)));
        if (out.c() != null) {
            parts.add(out.c().reshape(-1));
        }
        return Tensor.concat(parts, 0);
    }

    private static void checkGradients(Cell cell, int layers, boolean bidirectional, long[] lengths) {
        RecurrentLayer rnn = layer(cell, 2, 2, layers, bidirectional, false, DType.FLOAT64, 17);
        int states = layers * (bidirectional ? 2 : 1);
        Tensor x = randn(1, 4, 2, 2).requiresGrad(true);
        Tensor h0 = randn(2, states, 2, 2).mul(0.5).requiresGrad(true);
        Tensor c0 = cell.hasCellState() ? randn(3, states, 2, 2).mul(0.5).requiresGrad(true) : null;
        List<Tensor> leaves = new ArrayList<>(rnn.parameters().values());
        leaves.add(x);
        leaves.add(h0);
        if (c0 != null) {
            leaves.add(c0);
        }
        FiniteDifference.assertGradients(() -> everything(rnn.forward(x, new RecurrentState(h0, c0), lengths)), leaves, 1e-6, 1e-6);
    }

    @Test
    void lstmGradientsMatchFiniteDifferences() {
        checkGradients(Cell.LSTM, 1, true, new long[]{4, 2});
    }

    @Test
    void gruGradientsMatchFiniteDifferences() {
        checkGradients(Cell.GRU, 1, true, new long[]{1, 4});
        checkGradients(Cell.GRU, 2, false, null);
    }

    @Test
    void rnnGradientsMatchFiniteDifferences() {
        checkGradients(Cell.RNN_TANH, 1, true, new long[]{3, 4});
        checkGradients(Cell.RNN_RELU, 1, false, null);
    }

    @Test
    @SuppressWarnings("try")
    void paddedSequencesGiveWhatEachSequenceGivesAlone() {
        for (Cell cell : Cell.values()) {
            RecurrentLayer rnn = layer(cell, 3, 4, 2, true, false, DType.FLOAT64, 5);
            Tensor x = randn(9, 6, 2, 3);
            long[] lengths = {6, 3};
            try (GradMode.Guard g = GradMode.noGrad()) {
                RecurrentOutput padded = rnn.forward(x, null, lengths);
                for (int b = 0; b < 2; b++) {
                    long n = lengths[b];
                    RecurrentOutput alone = rnn.forward(x.slice(0, 0, n).slice(1, b, b + 1), null);
                    assertArrayEquals(alone.output().toDoubleArray(), padded.output().slice(0, 0, n).slice(1, b, b + 1).toDoubleArray(),
                            1e-12, cell + " outputs of sequence " + b);
                    assertArrayEquals(alone.h().toDoubleArray(), padded.h().slice(1, b, b + 1).toDoubleArray(), 1e-12, cell + " h_n " + b);
                    if (cell.hasCellState()) {
                        assertArrayEquals(alone.c().toDoubleArray(), padded.c().slice(1, b, b + 1).toDoubleArray(), 1e-12, cell + " c_n " + b);
                    }
                    if (n < 6) {
                        double[] tail = padded.output().slice(0, n, 6).slice(1, b, b + 1).toDoubleArray();
                        assertArrayEquals(new double[tail.length], tail, 0.0, cell + " outputs past the end are zero");
                    }
                }
            }
        }
    }

    @Test
    @SuppressWarnings("try")
    void batchFirstAndUnbatchedAgreeWithTimeMajor() {
        RecurrentLayer timeMajor = layer(Cell.GRU, 3, 4, 1, true, false, DType.FLOAT64, 8);
        RecurrentLayer batchFirst = layer(Cell.GRU, 3, 4, 1, true, true, DType.FLOAT64, 8);
        Tensor x = randn(2, 5, 2, 3);
        try (GradMode.Guard g = GradMode.noGrad()) {
            RecurrentOutput a = timeMajor.forward(x, null);
            RecurrentOutput b = batchFirst.forward(x.transpose(0, 1), null);
            assertArrayEquals(a.output().toDoubleArray(), b.output().transpose(0, 1).toDoubleArray(), 1e-12);
            assertArrayEquals(a.h().toDoubleArray(), b.h().toDoubleArray(), 1e-12);
            RecurrentOutput one = timeMajor.forward(x.slice(1, 1, 2).squeeze(1), null);
            assertArrayEquals(new long[]{5, 8}, one.output().shape().toArray());
            assertArrayEquals(new long[]{2, 4}, one.h().shape().toArray());
            assertArrayEquals(a.output().slice(1, 1, 2).toDoubleArray(), one.output().toDoubleArray(), 1e-12);
        }
    }

    @Test
    @SuppressWarnings("try")
    void stateCarriesAcrossChunks() {
        LSTM lstm = new LSTM(3, 4, 2, true, false, 0, false, DType.FLOAT64, 3);
        Tensor x = randn(4, 8, 2, 3);
        try (GradMode.Guard g = GradMode.noGrad()) {
            RecurrentOutput whole = lstm.forward(x, null);
            RecurrentOutput first = lstm.forward(x.slice(0, 0, 5), null);
            RecurrentOutput second = lstm.forward(x.slice(0, 5, 8), first.state());
            assertArrayEquals(whole.output().slice(0, 5, 8).toDoubleArray(), second.output().toDoubleArray(), 1e-12);
            assertArrayEquals(whole.c().toDoubleArray(), second.c().toDoubleArray(), 1e-12);
        }
    }

    @Test
    @SuppressWarnings("try")
    void dropoutActsBetweenLayersInTrainingOnly() {
        Tensor x = randn(5, 6, 2, 3);
        LSTM with = new LSTM(3, 4, 2, true, false, 0.5, false, DType.FLOAT64, 21);
        LSTM without = new LSTM(3, 4, 2, true, false, 0, false, DType.FLOAT64, 21);
        try (GradMode.Guard g = GradMode.noGrad()) {
            double[] reference = without.forward(x).toDoubleArray();
            with.train(true);
            double[] trained = with.forward(x).toDoubleArray();
            assertFalse(java.util.Arrays.equals(reference, trained), "dropout changes the output in training");
            with.eval();
            assertArrayEquals(reference, with.forward(x).toDoubleArray(), 1e-12, "no dropout in eval mode");
            LSTM single = new LSTM(3, 4, 1, true, false, 0.5, false, DType.FLOAT64, 21);
            LSTM singleWithout = new LSTM(3, 4, 1, true, false, 0, false, DType.FLOAT64, 21);
            assertArrayEquals(singleWithout.forward(x).toDoubleArray(), single.forward(x).toDoubleArray(), 1e-12,
                    "one layer: nothing in between to drop");
        }
    }

    @Test
    void parameterNamesAndShapesAreThoseOfPyTorch() {
        LSTM lstm = new LSTM(3, 5, 2, true, false, 0, true, DType.FLOAT32, 1);
        Map<String, Tensor> p = lstm.parameters();
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
                "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"), List.copyOf(p.keySet()));
        assertArrayEquals(new long[]{20, 3}, p.get("weight_ih_l0").shape().toArray());
        assertArrayEquals(new long[]{20, 10}, p.get("weight_ih_l1").shape().toArray());
        assertArrayEquals(new long[]{20, 5}, p.get("weight_hh_l1_reverse").shape().toArray());
        GRU gru = new GRU(3, 5, 1, false, false, 0, false, DType.FLOAT32, 1);
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0"), List.copyOf(gru.parameters().keySet()));
        double bound = 1 / Math.sqrt(5);
        for (Tensor t : p.values()) {
            for (double v : t.toDoubleArray()) {
                assertTrue(Math.abs(v) <= bound, "U(-1/sqrt(hidden), 1/sqrt(hidden))");
            }
        }
    }

    @Test
    @SuppressWarnings("try")
    void checkpointRestoresTheSameLayer(@TempDir Path dir) throws java.io.IOException {
        GRU gru = new GRU(3, 4, 2, true, true, 0.1, true, DType.FLOAT32, 77);
        gru.eval();
        Tensor x = Tensor.randn(Shape.of(2, 5, 3), 1);
        Checkpoint.save(dir, gru, null, null, Map.of());
        Layer loaded = Checkpoint.load(dir).model();
        loaded.eval();
        try (GradMode.Guard g = GradMode.noGrad()) {
            assertArrayEquals(gru.forward(x).toFloatArray(), loaded.forward(x).toFloatArray());
        }
    }

    @Test
    void badInputIsRejectedWithShapes() {
        LSTM lstm = new LSTM(3, 4, 2, true, false, 0, false, DType.FLOAT32, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(5, 2, 4)));
        assertTrue(e.getMessage().contains("lstm") && e.getMessage().contains("[5, 2, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(5, 2, 3),
                new RecurrentState(Tensor.zeros(1, 2, 4), Tensor.zeros(2, 2, 4))));
        assertTrue(e.getMessage().contains("[2, 2, 4]") && e.getMessage().contains("[1, 2, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(5, 2, 3), null, new long[]{5, 6}));
        assertTrue(e.getMessage().contains("6"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(Shape.of(5, 2, 3), DType.FLOAT64)));
        assertTrue(e.getMessage().contains("float64"), e.getMessage());
        GRU gru = new GRU(3, 4, new dev.neurite.api.Generator(1));
        e = assertThrows(IllegalArgumentException.class, () -> gru.forward(Tensor.zeros(5, 2, 3),
                new RecurrentState(Tensor.zeros(1, 2, 4), Tensor.zeros(1, 2, 4))));
        assertTrue(e.getMessage().contains("cell state"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SimpleRNN(3, 4, 1, "sigmoid", true, false, 0, false, DType.FLOAT32, 1));
        assertNull(gru.forward(Tensor.zeros(5, 2, 3), null).c());
    }
}
