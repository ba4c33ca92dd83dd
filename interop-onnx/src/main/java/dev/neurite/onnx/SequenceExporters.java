package dev.neurite.onnx;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Layer;
import dev.neurite.layers.attention.MultiHeadAttention;
import dev.neurite.layers.attention.Transformer;
import dev.neurite.layers.attention.TransformerDecoder;
import dev.neurite.layers.attention.TransformerDecoderLayer;
import dev.neurite.layers.attention.TransformerEncoder;
import dev.neurite.layers.attention.TransformerEncoderLayer;
import dev.neurite.layers.embedding.Embedding;
import dev.neurite.layers.embedding.LearnedPositionalEmbedding;
import dev.neurite.layers.embedding.SinusoidalPositionalEncoding;
import dev.neurite.layers.rnn.RecurrentLayer;
import dev.neurite.layers.seq2seq.LstmSeq2Seq;
import dev.neurite.layers.seq2seq.RecurrentLanguageModel;
import dev.neurite.layers.seq2seq.TransformerSeq2Seq;

import java.util.List;
import java.util.Map;

import static dev.neurite.onnx.LayerExporters.join;

/**
 * ONNX nodes for the sequence layers: embeddings (Gather on the weight), positional encodings (the table sliced to
 * the run-time length), recurrent layers ({@link RecurrentExporter}), attention and Transformers
 * ({@link AttentionExporters}), and the teacher-forced forward passes of the sequence models.
 */
final class SequenceExporters {
    private SequenceExporters() {
    }

    static boolean handles(Layer layer) {
        return layer instanceof RecurrentLayer || layer instanceof MultiHeadAttention || layer instanceof TransformerEncoderLayer
                || layer instanceof TransformerEncoder || layer instanceof TransformerDecoderLayer || layer instanceof TransformerDecoder
                || layer instanceof Transformer || layer instanceof Embedding || layer instanceof SinusoidalPositionalEncoding
                || layer instanceof LearnedPositionalEmbedding || layer instanceof TransformerSeq2Seq || layer instanceof LstmSeq2Seq
                || layer instanceof RecurrentLanguageModel;
    }

    /** The graph input names of a model that takes {@code count} inputs, by what they mean to it. */
    static List<String> inputNames(Layer model, int count) {
        List<String> names;
        if (model instanceof TransformerDecoderLayer || model instanceof TransformerDecoder) {
            names = List.of("tgt", "memory");
        } else if (model instanceof Transformer) {
            names = List.of("src", "tgt");
        } else if (model instanceof TransformerSeq2Seq || model instanceof LstmSeq2Seq) {
            names = List.of("src", "tgt_in");
        } else if (model instanceof MultiHeadAttention) {
            names = List.of("query", "key", "value");
        } else if (model instanceof RecurrentLayer) {
            names = List.of("input", "h0", "c0");
        } else {
            names = List.of();
        }
        if (names.size() >= count) {
            return names.subList(0, count);
        }
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> "input" + i).toList();
    }

    /** The layer's output for {@code args}, which its {@code forward} accepted when it was traced. */
    static String emit(GraphWriter w, Layer layer, String path, List<LayerExporters.Value> args) {
        LayerExporters.Value x = args.get(0);
        if (layer instanceof RecurrentLayer r) {
            return args.size() == 1 ? RecurrentExporter.emit(w, r, path, x) : RecurrentExporter.emitWithState(w, r, path, args);
        }
        if (layer instanceof MultiHeadAttention mha) {
            return args.size() == 1 ? AttentionExporters.attention(w, mha, path, x, x, x, false)
                    : AttentionExporters.attention(w, mha, path, x, args.get(1), args.get(2), false);
        }
        if (layer instanceof TransformerEncoderLayer t) {
            return AttentionExporters.encoderLayer(w, t, path, x);
        }
        if (layer instanceof TransformerEncoder t) {
            return AttentionExporters.encoder(w, t, path, x);
        }
        if (layer instanceof TransformerDecoderLayer t) {
            return AttentionExporters.decoderLayer(w, t, path, x, args.get(1), w.causalDecoder);
        }
        if (layer instanceof TransformerDecoder t) {
            return AttentionExporters.decoder(w, t, path, x, args.get(1), w.causalDecoder);
        }
        if (layer instanceof Transformer t) {
            return AttentionExporters.transformer(w, t, path, x, args.get(1), w.causalDecoder);
        }
        if (layer instanceof Embedding e) {
            // Gather on the weight; the padding index only matters to the gradient.
            return w.node("Gather", path.isEmpty() ? "embedding" : path, new String[]{w.initializer(join(path, "weight"), e.weight()),
                    x.name()}, "axis", 0L);
        }
        if (layer instanceof SinusoidalPositionalEncoding pe) {
            return positions(w, path, x, w.initializer(join(path, "pe"), pe.table()), pe.config().getBoolean("batch_first", false));
        }
        if (layer instanceof LearnedPositionalEmbedding pe) {
            return positions(w, path, x, w.initializer(join(path, "weight"), pe.weight()), pe.config().getBoolean("batch_first", false));
        }
        if (layer instanceof TransformerSeq2Seq s) {
            return transformerSeq2Seq(w, s, path, x, args.get(1));
        }
        if (layer instanceof LstmSeq2Seq s) {
            return lstmSeq2Seq(w, s, path, x, args.get(1));
        }
        RecurrentLanguageModel lm = (RecurrentLanguageModel) layer;
        Map<String, Layer> ch = lm.children();
        LayerExporters.Value h = sub(w, ch, path, "embed", x);
        RecurrentLayer rnn = (RecurrentLayer) ch.get("rnn");
        LayerExporters.Value out = new LayerExporters.Value(RecurrentExporter.emit(w, rnn, join(path, "rnn"), h), rnn.forward(h.sample()));
        return sub(w, ch, path, "head", out).name();
    }

    /** {@code x} plus the table's first rows, as many as {@code x} has positions at run time. */
    private static String positions(GraphWriter w, String path, LayerExporters.Value x, String table, boolean batchFirst) {
        String n = path.isEmpty() ? "positions" : path;
        String length = w.dim(n + "_length", x.name(), batchFirst ? 1 : 0);
        String rows = w.node("Slice", n + "_rows", new String[]{table, w.longs(n + "_start", 0), length, w.longs(n + "_axes", 0)});
        String pe = w.node("Unsqueeze", n + "_broadcast", new String[]{rows, w.longs(n + "_batch_axis", batchFirst ? 0 : 1)});
        return w.node("Add", n, new String[]{x.name(), pe});
    }

    /** {@code logits(src, tgtIn)}: the decoder's self-attention is causal, as in training. */
    private static String transformerSeq2Seq(GraphWriter w, TransformerSeq2Seq s, String path, LayerExporters.Value src,
                                             LayerExporters.Value tgt) {
        Map<String, Layer> ch = s.children();
        Transformer t = s.transformer();
        LayerExporters.Value srcIn = sub(w, ch, path, "positions", sub(w, ch, path, "src_embed", src));
        LayerExporters.Value memory = LayerExporters.layer(w, t.encoder(), join(path, "transformer.encoder"), srcIn);
        LayerExporters.Value tgtIn = sub(w, ch, path, "positions", sub(w, ch, path, "tgt_embed", tgt));
        String decoded = AttentionExporters.decoder(w, t.decoder(), join(path, "transformer.decoder"), tgtIn, memory, true);
        return sub(w, ch, path, "generator", new LayerExporters.Value(decoded, tgtIn.sample())).name();
    }

    /** {@code logits(src, tgtIn)}: the encoder's final states start the decoder; Luong attention when configured. */
    private static String lstmSeq2Seq(GraphWriter w, LstmSeq2Seq s, String path, LayerExporters.Value src, LayerExporters.Value tgt) {
        Map<String, Layer> ch = s.children();
        String n = path.isEmpty() ? "seq2seq" : path;
        RecurrentLayer encoder = (RecurrentLayer) ch.get("encoder");
        RecurrentLayer decoder = (RecurrentLayer) ch.get("decoder");
        LayerExporters.Value srcIn = sub(w, ch, path, "src_embed", src);
        RecurrentExporter.Result enc = RecurrentExporter.emit(w, encoder, join(path, "encoder"), srcIn, null, null, true);
        LayerExporters.Value tgtIn = sub(w, ch, path, "tgt_embed", tgt);
        String dec = RecurrentExporter.emit(w, decoder, join(path, "decoder"), tgtIn, enc.h(), enc.c(), false).output();
        Tensor decSample = decoder.forward(tgtIn.sample());
        if (!ch.containsKey("combine")) {
            return sub(w, ch, path, "generator", new LayerExporters.Value(dec, decSample)).name();
        }
        String encT = w.node("Transpose", n + "_encoded_t", new String[]{enc.output()}, "perm", new long[]{0, 2, 1});
        String weights = w.node("Softmax", n + "_attention", new String[]{w.node("MatMul", n + "_scores", new String[]{dec, encT})},
                "axis", -1L);
        String context = w.node("MatMul", n + "_context", new String[]{weights, enc.output()});
        String both = w.node("Concat", n + "_with_context", new String[]{dec, context}, "axis", 2L);
        LayerExporters.Value combined = sub(w, ch, path, "combine",
                new LayerExporters.Value(both, Tensor.concat(List.of(decSample, decSample), 2)));
        LayerExporters.Value t = new LayerExporters.Value(w.node("Tanh", n + "_combine_tanh", new String[]{combined.name()}),
                combined.sample());
        return sub(w, ch, path, "generator", t).name();
    }

    private static LayerExporters.Value sub(GraphWriter w, Map<String, Layer> ch, String path, String child, LayerExporters.Value x) {
        return LayerExporters.layer(w, ch.get(child), join(path, child), x);
    }
}
