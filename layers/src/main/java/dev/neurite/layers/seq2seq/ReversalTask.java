package dev.neurite.layers.seq2seq;

import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;

import java.util.SplittableRandom;

/**
 * The sequence-reversal task: random sequences of symbols {@code 0..vocab-1}, of a length drawn from
 * {@code [minLength, maxLength]} per batch, to be output reversed. Decoder inputs start with the extra token
 * {@link #bos()} ({@code = vocab}), so models take (and predict) {@code vocab + 1} tokens.
 */
public final class ReversalTask {
    /** A batch: source {@code [batch, n]}, decoder input {@code [batch, n]} (BOS, then the target shifted) and target. */
    public record Batch(Tensor src, Tensor tgtIn, Tensor tgtOut) {
    }

    private final int vocab;
    private final int minLength;
    private final int maxLength;

    public ReversalTask(int vocab, int minLength, int maxLength) {
        if (vocab < 2 || minLength < 1 || maxLength < minLength) {
            throw new IllegalArgumentException("reversal task: expected vocab >= 2 and 1 <= min length <= max length, got vocab " + vocab
                    + ", lengths " + minLength + ".." + maxLength);
        }
        this.vocab = vocab;
        this.minLength = minLength;
        this.maxLength = maxLength;
    }

    public int vocab() {
        return vocab;
    }

    /** The start token of decoder inputs. */
    public long bos() {
        return vocab;
    }

    public int maxLength() {
        return maxLength;
    }

    public Batch batch(int size, SplittableRandom random) {
        return batch(size, minLength + random.nextInt(maxLength - minLength + 1), random);
    }

    public Batch batch(int size, int length, SplittableRandom random) {
        long[] src = new long[size * length];
        long[] in = new long[size * length];
        long[] out = new long[size * length];
        for (int b = 0; b < size; b++) {
            for (int t = 0; t < length; t++) {
                src[b * length + t] = random.nextInt(vocab);
            }
            for (int t = 0; t < length; t++) {
                out[b * length + t] = src[b * length + length - 1 - t];
                in[b * length + t] = t == 0 ? bos() : out[b * length + t - 1];
            }
        }
        return new Batch(Tensor.ofLongs(src, size, length), Tensor.ofLongs(in, size, length), Tensor.ofLongs(out, size, length));
    }

    /**
     * The fraction of target tokens {@code model} gets right when it generates greedily (from its own previous
     * outputs, not teacher-forced), over {@code batches} batches of every length in the task's range.
     */
    @SuppressWarnings("try")
    public double tokenAccuracy(Seq2Seq model, int batchSize, int batches, long seed) {
        boolean wasTraining = model.isTraining();
        model.eval();
        SplittableRandom random = new SplittableRandom(seed);
        long right = 0;
        long total = 0;
        try (GradMode.Guard g = GradMode.noGrad()) {
            for (int length = minLength; length <= maxLength; length++) {
                for (int i = 0; i < batches; i++) {
                    Batch b = batch(batchSize, length, random);
                    long[] predicted = model.generate(b.src(), bos(), length, -1, TokenSampler.greedy()).toLongArray();
                    long[] expected = b.tgtOut().toLongArray();
                    for (int k = 0; k < expected.length; k++) {
                        right += predicted[k] == expected[k] ? 1 : 0;
                    }
                    total += expected.length;
                }
            }
        } finally {
            model.train(wasTraining);
        }
        return right / (double) total;
    }
}
