package dev.neurite.apps.bench;

import dev.neurite.api.DType;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Layer;
import dev.neurite.layers.attention.TransformerEncoder;
import dev.neurite.layers.attention.TransformerEncoderLayer;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.loss.SparseCategoricalCrossEntropy;
import dev.neurite.layers.optim.Adam;
import dev.neurite.layers.rnn.LSTM;

import java.util.function.Function;

/**
 * Neurite's side of the sequence benchmarks, the same step as {@code torch_bench_seq.py}: a fixed random batch, the
 * model, a linear head to 10 classes at every position, cross-entropy against random labels, backward, an Adam step
 * and the loss read back; timed after a warm-up.
 */
public final class SequenceBench {
    private static final int CLASSES = 10;

    private SequenceBench() {
    }

    /** One LSTM layer over {@code [seq, batch, hidden]} inputs (time-major, as PyTorch's default). */
    public static TrainingBench.Result lstm(int batch, int seq, int hidden, int steps, int warmup) {
        LSTM lstm = new LSTM(hidden, hidden, 1, true, false, 0, false, DType.FLOAT32, 1);
        Dense head = new Dense(hidden, CLASSES, 2);
        Tensor x = MemoryScope.outside(() -> Tensor.randn(Shape.of(seq, batch, hidden), 3));
        return time(x, labels(seq * (long) batch), steps, warmup, batch, in -> head.forward(lstm.forward(in)), lstm, head);
    }

    /** A {@code layers}-layer post-norm Transformer encoder (dropout 0.1, ReLU) over {@code [batch, seq, d_model]}. */
    public static TrainingBench.Result transformer(int batch, int seq, int dModel, int heads, int feedforward, int layers, int steps,
                                                   int warmup) {
        TransformerEncoder encoder = new TransformerEncoder(new TransformerEncoderLayer(dModel, heads, feedforward, 0.1, "relu", 1e-5,
                true, false, DType.FLOAT32, 1), layers, false);
        Dense head = new Dense(dModel, CLASSES, 2);
        Tensor x = MemoryScope.outside(() -> Tensor.randn(Shape.of(batch, seq, dModel), 3));
        return time(x, labels(seq * (long) batch), steps, warmup, batch, in -> head.forward(encoder.forward(in)), encoder, head);
    }

    private static Tensor labels(long n) {
        long[] y = new long[Math.toIntExact(n)];
        java.util.SplittableRandom r = new java.util.SplittableRandom(4);
        for (int i = 0; i < y.length; i++) {
            y[i] = r.nextInt(CLASSES);
        }
        return MemoryScope.outside(() -> Tensor.ofLongs(y, y.length));
    }

    private static TrainingBench.Result time(Tensor x, Tensor y, int steps, int warmup, int batch, Function<Tensor, Tensor> model,
                                             Layer... layers) {
        java.util.Map<String, Tensor> params = new java.util.LinkedHashMap<>();
        for (int i = 0; i < layers.length; i++) {
            int k = i;
            layers[i].parameters().forEach((n, p) -> params.put(k + "." + n, p));
            layers[i].train(true);
        }
        Adam adam = new Adam(params, 1e-3);
        SparseCategoricalCrossEntropy loss = new SparseCategoricalCrossEntropy();
        Runnable step = () -> {
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor logits = model.apply(x);
                Tensor l = loss.compute(logits.reshape(-1, CLASSES), y);
                adam.zeroGrad();
                l.backward();
                adam.step();
                l.item();
            }
        };
        for (int i = 0; i < warmup; i++) {
            step.run();
        }
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            step.run();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new TrainingBench.Result(steps * (double) batch / seconds, 1000 * seconds / steps);
    }
}
