package dev.neurite.layers.attention;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;
import dev.neurite.layers.core.Seeds;

import java.util.List;

/**
 * The encoder-decoder Transformer, PyTorch's {@code nn.Transformer}: an {@link TransformerEncoder} and a
 * {@link TransformerDecoder}, each with a final layer norm; parameters {@code encoder.layers.i...},
 * {@code encoder.norm...}, {@code decoder.layers.i...}, {@code decoder.norm...}. Inputs are embedded sequences
 * ({@code [seq, batch, d_model]}, or batch first); add embeddings, positions and an output projection around it, as
 * {@code dev.neurite.layers.seq2seq.TransformerSeq2Seq} does.
 */
public final class Transformer extends AbstractLayer {
    public static final String TYPE = "transformer";

    private final Config options;
    private final TransformerEncoder encoder;
    private final TransformerDecoder decoder;

    /**
     * PyTorch's arguments: {@code d_model, nhead, num_encoder_layers, num_decoder_layers, dim_feedforward, dropout,
     * activation, layer_norm_eps, batch_first, norm_first}.
     */
    public Transformer(long dModel, int nhead, int numEncoderLayers, int numDecoderLayers, long dimFeedforward, double dropout,
                       String activation, double layerNormEps, boolean batchFirst, boolean normFirst, DType dtype, long seed) {
        this.options = Config.empty().with("d_model", dModel).with("nhead", nhead).with("num_encoder_layers", numEncoderLayers)
                .with("num_decoder_layers", numDecoderLayers).with("dim_feedforward", dimFeedforward).with("dropout", dropout)
                .with("activation", activation).with("layer_norm_eps", layerNormEps).with("batch_first", batchFirst)
                .with("norm_first", normFirst).with("dtype", dtype.id()).with("seed", seed);
        Generator g = new Generator(seed);
        this.encoder = addChild("encoder", new TransformerEncoder(new TransformerEncoderLayer(dModel, nhead, dimFeedforward, dropout,
                activation, layerNormEps, batchFirst, normFirst, dtype, Seeds.next(g)), numEncoderLayers, true));
        this.decoder = addChild("decoder", new TransformerDecoder(new TransformerDecoderLayer(dModel, nhead, dimFeedforward, dropout,
                activation, layerNormEps, batchFirst, normFirst, dtype, Seeds.next(g)), numDecoderLayers, true));
    }

    /** PyTorch's defaults except the sizes: dim_feedforward 2048, dropout 0.1, relu, eps 1e-5, time-major, post-norm. */
    public Transformer(long dModel, int nhead, int numEncoderLayers, int numDecoderLayers, Generator generator) {
        this(dModel, nhead, numEncoderLayers, numDecoderLayers, 2048, 0.1, "relu", 1e-5, false, false, DType.FLOAT32, Seeds.next(generator));
    }

    public Transformer(Config c) {
        this(c.getLong("d_model"), c.getInt("nhead"), c.getInt("num_encoder_layers", 6), c.getInt("num_decoder_layers", 6),
                c.getInt("dim_feedforward", 2048), c.getDouble("dropout", 0.1), c.getString("activation", "relu"),
                c.getDouble("layer_norm_eps", 1e-5), c.getBoolean("batch_first", false), c.getBoolean("norm_first", false),
                DType.fromId(c.getString("dtype", DType.FLOAT32.id())), c.getLong("seed"));
    }

    public TransformerEncoder encoder() {
        return encoder;
    }

    public TransformerDecoder decoder() {
        return decoder;
    }

    @Override
    public Tensor forward(Tensor src) {
        throw new IllegalArgumentException(TYPE + ": expected 2 inputs (src, tgt), got 1");
    }

    /** {@code [src, tgt]} without masks. */
    @Override
    public Tensor forward(List<Tensor> inputs) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException(TYPE + ": expected 2 inputs (src, tgt), got " + inputs.size());
        }
        return forward(inputs.get(0), inputs.get(1), null, null, null, null, null, null);
    }

    /** PyTorch's {@code forward(src, tgt, src_mask, tgt_mask, memory_mask, src_key_padding_mask, tgt_key_padding_mask, memory_key_padding_mask)}. */
    public Tensor forward(Tensor src, Tensor tgt, Tensor srcMask, Tensor tgtMask, Tensor memoryMask, Tensor srcKeyPaddingMask,
                          Tensor tgtKeyPaddingMask, Tensor memoryKeyPaddingMask) {
        Tensor memory = encoder.forward(src, srcMask, srcKeyPaddingMask);
        return decoder.forward(tgt, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask);
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.of(options.asMap());
    }
}
