package dev.neurite.layers.seq2seq;

import dev.neurite.api.Generator;
import dev.neurite.api.Tensor;

import java.util.Arrays;

/**
 * Picks the next token from a batch of logits {@code [batch, vocab]}: {@linkplain #greedy() greedy} (argmax) or
 * sampled from {@code softmax(logits / temperature)} restricted to the {@code k} most likely tokens
 * ({@linkplain #topK top-k}; {@code k = 0} keeps all). Sampling is reproducible from its seed.
 */
public final class TokenSampler {
    private final int topK;
    private final double temperature;
    private final Generator random;

    private TokenSampler(int topK, double temperature, long seed) {
        if (topK < 0) {
            throw new IllegalArgumentException("token sampler: top-k must be >= 0 (0: all tokens), got " + topK);
        }
        if (!(temperature >= 0)) {
            throw new IllegalArgumentException("token sampler: temperature must be >= 0 (0: greedy), got " + temperature);
        }
        this.topK = topK;
        this.temperature = temperature;
        this.random = new Generator(seed);
    }

    /** Always the most likely token. */
    public static TokenSampler greedy() {
        return new TokenSampler(1, 0, 0);
    }

    /** Samples among the {@code k} most likely tokens (0: all) at {@code temperature} (0: greedy). */
    public static TokenSampler topK(int k, double temperature, long seed) {
        return new TokenSampler(k, temperature, seed);
    }

    /** Samples from all tokens at {@code temperature}. */
    public static TokenSampler temperature(double temperature, long seed) {
        return new TokenSampler(0, temperature, seed);
    }

    public boolean isGreedy() {
        return temperature == 0 || topK == 1;
    }

    /** One token per batch row of {@code logits [batch, vocab]}. */
    public long[] next(Tensor logits) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("token sampler: expected logits [batch, vocab], got shape " + logits.shape());
        }
        int batch = Math.toIntExact(logits.size(0));
        int vocab = Math.toIntExact(logits.size(1));
        if (isGreedy()) {
            return logits.argmax(1).toLongArray();
        }
        double[] z = logits.toDoubleArray();
        long[] out = new long[batch];
        for (int b = 0; b < batch; b++) {
            out[b] = sample(Arrays.copyOfRange(z, b * vocab, (b + 1) * vocab));
        }
        return out;
    }

    private int sample(double[] z) {
        int n = z.length;
        double cutoff = Double.NEGATIVE_INFINITY;
        if (topK > 0 && topK < n) {
            double[] sorted = z.clone();
            Arrays.sort(sorted);
            cutoff = sorted[n - topK];
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double[] p = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            p[i] = z[i] >= cutoff ? Math.exp((z[i] - max) / temperature) : 0;
            total += p[i];
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < n; i++) {
            u -= p[i];
            if (u < 0 && p[i] > 0) {
                return i;
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            if (p[i] > 0) {
                return i;
            }
        }
        return 0;
    }
}
