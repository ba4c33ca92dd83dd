package dev.neurite.layers.seq2seq;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.core.Seeds;
import dev.neurite.layers.embedding.Embedding;
import dev.neurite.layers.rnn.GRU;
import dev.neurite.layers.rnn.LSTM;
import dev.neurite.layers.rnn.RecurrentLayer;
import dev.neurite.layers.rnn.RecurrentOutput;
import dev.neurite.layers.rnn.RecurrentState;

import java.util.Locale;

/**
 * A recurrent language model over token ids (characters, say): {@code embed}, a batch-first LSTM or GRU
 * ({@code rnn}) and a linear {@code head} to next-token logits. {@link #step} carries the state, for truncated BPTT
 * over long streams and for {@link #sample sampling}.
 */
public final class RecurrentLanguageModel extends AbstractLayer {
    public static final String TYPE = "recurrent_language_model";

    /** Logits {@code [batch, seq, vocab]} and the state after the last step. */
    public record Step(Tensor logits, RecurrentState state) {
    }

    private final long vocab;
    private final long embedDim;
    private final long hidden;
    private final int numLayers;
    private final String cell;
    private final double dropout;
    private final long seed;
    private final Embedding embed;
    private final RecurrentLayer rnn;
    private final Dense head;

    /** @param cell {@code lstm} or {@code gru} */
    public RecurrentLanguageModel(long vocab, long embedDim, long hidden, int numLayers, String cell, double dropout, long seed) {
        this.vocab = vocab;
        this.embedDim = embedDim;
        this.hidden = hidden;
        this.numLayers = numLayers;
        this.cell = cell.toLowerCase(Locale.ROOT);
        this.dropout = dropout;
        this.seed = seed;
        Generator g = new Generator(seed);
        this.embed = addChild("embed", new Embedding(vocab, embedDim, null, DType.FLOAT32, Seeds.next(g)));
        long rnnSeed = Seeds.next(g);
        this.rnn = addChild("rnn", switch (this.cell) {
            case "lstm" -> new LSTM(embedDim, hidden, numLayers, true, true, dropout, false, DType.FLOAT32, rnnSeed);
            case "gru" -> new GRU(embedDim, hidden, numLayers, true, true, dropout, false, DType.FLOAT32, rnnSeed);
            default -> throw new IllegalArgumentException(TYPE + ": cell must be lstm or gru, got '" + cell + "'");
        });
        this.head = addChild("head", new Dense(hidden, vocab, Seeds.next(g)));
    }

    public RecurrentLanguageModel(Config c) {
        this(c.getLong("vocab"), c.getLong("embed_dim"), c.getLong("hidden_size"), c.getInt("num_layers", 1), c.getString("cell", "lstm"),
                c.getDouble("dropout", 0), c.getLong("seed"));
    }

    public long vocab() {
        return vocab;
    }

    /** Next-token logits {@code [batch, seq, vocab]} for int64 tokens {@code [batch, seq]}, from a zero state. */
    @Override
    public Tensor forward(Tensor tokens) {
        return step(tokens, null).logits();
    }

    /** Logits and final state for {@code tokens [batch, seq]} from {@code state} (null: zeros). */
    public Step step(Tensor tokens, RecurrentState state) {
        Decoding.checkTokens(TYPE, "tokens", tokens);
        RecurrentOutput out = rnn.forward(embed.forward(tokens), state);
        return new Step(head.forward(out.output()), out.state());
    }

    /**
     * Continues {@code prompt} (at least one token) by {@code length} tokens drawn with {@code sampler}.
     *
     * @return the new tokens only
     */
    @SuppressWarnings("try")
    public long[] sample(long[] prompt, int length, TokenSampler sampler) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException(TYPE + ": the prompt needs at least one token");
        }
        boolean wasTraining = isTraining();
        train(false);
        try (GradMode.Guard g = GradMode.noGrad()) {
            Step s = step(Tensor.ofLongs(prompt, 1, prompt.length), null);
            long[] out = new long[length];
            for (int i = 0; i < length; i++) {
                Tensor last = s.logits().slice(1, s.logits().size(1) - 1, s.logits().size(1)).reshape(1, vocab);
                out[i] = sampler.next(last)[0];
                s = step(Tensor.ofLongs(new long[]{out[i]}, 1, 1), s.state());
            }
            return out;
        } finally {
            train(wasTraining);
        }
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("vocab", vocab).with("embed_dim", embedDim).with("hidden_size", hidden).with("num_layers", numLayers)
                .with("cell", cell).with("dropout", dropout).with("seed", seed);
    }
}
