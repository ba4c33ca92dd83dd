package dev.neurite.layers.seq2seq;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;
import dev.neurite.layers.attention.AttentionMasks;
import dev.neurite.layers.attention.DecoderCache;
import dev.neurite.layers.attention.Transformer;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.core.Seeds;
import dev.neurite.layers.embedding.Embedding;
import dev.neurite.layers.embedding.SinusoidalPositionalEncoding;

/**
 * A token-level encoder-decoder Transformer: source and target {@link Embedding}s plus sinusoidal positions, a
 * batch-first {@link Transformer}, and a linear {@code generator} to target-vocabulary logits. Generation decodes
 * incrementally with a key-value cache, so each new token costs one position's work.
 */
public final class TransformerSeq2Seq extends AbstractLayer implements Seq2Seq {
    public static final String TYPE = "transformer_seq2seq";

    private final long srcVocab;
    private final long tgtVocab;
    private final long dModel;
    private final int nhead;
    private final int encoderLayers;
    private final int decoderLayers;
    private final long dimFeedforward;
    private final double dropout;
    private final long maxLen;
    private final boolean normFirst;
    private final long seed;
    private final Embedding srcEmbed;
    private final Embedding tgtEmbed;
    private final SinusoidalPositionalEncoding positions;
    private final Transformer transformer;
    private final Dense generator;

    public TransformerSeq2Seq(long srcVocab, long tgtVocab, long dModel, int nhead, int encoderLayers, int decoderLayers,
                              long dimFeedforward, double dropout, long maxLen, boolean normFirst, long seed) {
        this.srcVocab = srcVocab;
        this.tgtVocab = tgtVocab;
        this.dModel = dModel;
        this.nhead = nhead;
        this.encoderLayers = encoderLayers;
        this.decoderLayers = decoderLayers;
        this.dimFeedforward = dimFeedforward;
        this.dropout = dropout;
        this.maxLen = maxLen;
        this.normFirst = normFirst;
        this.seed = seed;
        Generator g = new Generator(seed);
        this.srcEmbed = addChild("src_embed", new Embedding(srcVocab, dModel, null, DType.FLOAT32, Seeds.next(g)));
        this.tgtEmbed = addChild("tgt_embed", new Embedding(tgtVocab, dModel, null, DType.FLOAT32, Seeds.next(g)));
        this.positions = addChild("positions", new SinusoidalPositionalEncoding(dModel, maxLen, true));
        this.transformer = addChild("transformer", new Transformer(dModel, nhead, encoderLayers, decoderLayers, dimFeedforward, dropout,
                "relu", 1e-5, true, normFirst, DType.FLOAT32, Seeds.next(g)));
        this.generator = addChild("generator", new Dense(dModel, tgtVocab, Seeds.next(g)));
    }

    public TransformerSeq2Seq(Config c) {
        this(c.getLong("src_vocab"), c.getLong("tgt_vocab"), c.getLong("d_model"), c.getInt("nhead"), c.getInt("num_encoder_layers"),
                c.getInt("num_decoder_layers"), c.getLong("dim_feedforward"), c.getDouble("dropout", 0), c.getLong("max_len"),
                c.getBoolean("norm_first", false), c.getLong("seed"));
    }

    public Transformer transformer() {
        return transformer;
    }

    private Tensor encode(Tensor src) {
        Decoding.checkTokens(TYPE, "src", src);
        return transformer.encoder().forward(positions.forward(srcEmbed.forward(src)));
    }

    @Override
    public Tensor logits(Tensor src, Tensor tgtIn) {
        Decoding.checkTokens(TYPE, "tgt_in", tgtIn);
        Tensor memory = encode(src);
        long steps = tgtIn.size(1);
        Tensor decoded = transformer.decoder().forward(positions.forward(tgtEmbed.forward(tgtIn)), memory, AttentionMasks.causal(steps),
                null, null, null);
        return generator.forward(decoded);
    }

    @Override
    @SuppressWarnings("try")
    public Tensor generate(Tensor src, long bos, int maxLen, long eos, TokenSampler sampler) {
        try (GradMode.Guard g = GradMode.noGrad()) {
            Tensor memory = encode(src);
            DecoderCache cache = new DecoderCache(decoderLayers);
            return Decoding.loop(src.size(0), bos, maxLen, eos, sampler, previous -> {
                Tensor x = positions.forward(tgtEmbed.forward(previous), cache.length());
                Tensor h = transformer.decoder().decode(x, memory, null, cache);
                return generator.forward(h).reshape(previous.size(0), tgtVocab);
            });
        }
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("src_vocab", srcVocab).with("tgt_vocab", tgtVocab).with("d_model", dModel).with("nhead", nhead)
                .with("num_encoder_layers", encoderLayers).with("num_decoder_layers", decoderLayers)
                .with("dim_feedforward", dimFeedforward).with("dropout", dropout).with("max_len", maxLen).with("norm_first", normFirst)
                .with("seed", seed);
    }
}
