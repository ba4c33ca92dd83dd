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
import dev.neurite.layers.rnn.LSTM;
import dev.neurite.layers.rnn.RecurrentOutput;
import dev.neurite.layers.rnn.RecurrentState;

import java.util.List;

/**
 * An LSTM encoder-decoder (Sutskever et al.): the encoder's final state starts the decoder. With {@code attention},
 * each decoder output also attends over the encoder's outputs (Luong's dot-product attention: context
 * {@code softmax(d E^T) E}, then {@code tanh(W [d; context])}) before the {@code generator} maps it to logits.
 */
public final class LstmSeq2Seq extends AbstractLayer implements Seq2Seq {
    public static final String TYPE = "lstm_seq2seq";

    private final long srcVocab;
    private final long tgtVocab;
    private final long embedDim;
    private final long hidden;
    private final int numLayers;
    private final boolean attention;
    private final double dropout;
    private final long seed;
    private final Embedding srcEmbed;
    private final Embedding tgtEmbed;
    private final LSTM encoder;
    private final LSTM decoder;
    private final Dense combine;
    private final Dense generator;

    public LstmSeq2Seq(long srcVocab, long tgtVocab, long embedDim, long hidden, int numLayers, boolean attention, double dropout, long seed) {
        this.srcVocab = srcVocab;
        this.tgtVocab = tgtVocab;
        this.embedDim = embedDim;
        this.hidden = hidden;
        this.numLayers = numLayers;
        this.attention = attention;
        this.dropout = dropout;
        this.seed = seed;
        Generator g = new Generator(seed);
        this.srcEmbed = addChild("src_embed", new Embedding(srcVocab, embedDim, null, DType.FLOAT32, Seeds.next(g)));
        this.tgtEmbed = addChild("tgt_embed", new Embedding(tgtVocab, embedDim, null, DType.FLOAT32, Seeds.next(g)));
        this.encoder = addChild("encoder", new LSTM(embedDim, hidden, numLayers, true, true, dropout, false, DType.FLOAT32, Seeds.next(g)));
        this.decoder = addChild("decoder", new LSTM(embedDim, hidden, numLayers, true, true, dropout, false, DType.FLOAT32, Seeds.next(g)));
        this.combine = attention ? addChild("combine", new Dense(2 * hidden, hidden, Seeds.next(g))) : null;
        this.generator = addChild("generator", new Dense(hidden, tgtVocab, Seeds.next(g)));
    }

    public LstmSeq2Seq(Config c) {
        this(c.getLong("src_vocab"), c.getLong("tgt_vocab"), c.getLong("embed_dim"), c.getLong("hidden_size"), c.getInt("num_layers", 1),
                c.getBoolean("attention", true), c.getDouble("dropout", 0), c.getLong("seed"));
    }

    private RecurrentOutput encode(Tensor src) {
        Decoding.checkTokens(TYPE, "src", src);
        return encoder.forward(srcEmbed.forward(src), null);
    }

    /** Decoder outputs {@code [batch, t, hidden]} to logits, attending over the encoder's outputs when configured. */
    private Tensor head(Tensor decoded, Tensor encoded) {
        if (!attention) {
            return generator.forward(decoded);
        }
        Tensor weights = decoded.matmul(encoded, false, true).softmax(-1);
        Tensor context = weights.matmul(encoded);
        return generator.forward(combine.forward(Tensor.concat(List.of(decoded, context), 2)).tanh());
    }

    @Override
    public Tensor logits(Tensor src, Tensor tgtIn) {
        Decoding.checkTokens(TYPE, "tgt_in", tgtIn);
        RecurrentOutput enc = encode(src);
        RecurrentOutput dec = decoder.forward(tgtEmbed.forward(tgtIn), enc.state());
        return head(dec.output(), enc.output());
    }

    @Override
    @SuppressWarnings("try")
    public Tensor generate(Tensor src, long bos, int maxLen, long eos, TokenSampler sampler) {
        try (GradMode.Guard g = GradMode.noGrad()) {
            RecurrentOutput enc = encode(src);
            RecurrentState[] state = {enc.state()};
            return Decoding.loop(src.size(0), bos, maxLen, eos, sampler, previous -> {
                RecurrentOutput step = decoder.forward(tgtEmbed.forward(previous), state[0]);
                state[0] = step.state();
                return head(step.output(), enc.output()).reshape(previous.size(0), tgtVocab);
            });
        }
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("src_vocab", srcVocab).with("tgt_vocab", tgtVocab).with("embed_dim", embedDim).with("hidden_size", hidden)
                .with("num_layers", numLayers).with("attention", attention).with("dropout", dropout).with("seed", seed);
    }
}
