package dev.neurite.apps.seq;

import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.io.Checkpoint;
import dev.neurite.layers.loss.SparseCategoricalCrossEntropy;
import dev.neurite.layers.optim.Adam;
import dev.neurite.layers.rnn.RecurrentState;
import dev.neurite.layers.rnn.TruncatedBptt;
import dev.neurite.layers.seq2seq.RecurrentLanguageModel;
import dev.neurite.layers.seq2seq.TokenSampler;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A character-level LSTM language model trained on one text with truncated BPTT: the text is cut into
 * {@code batch} parallel streams, read in chunks whose final state starts the next chunk (detached), and then sampled.
 */
public final class CharLanguageModelTraining {
    /** Sizes, schedule and sampling. */
    public record Options(int steps, int batch, int chunk, int embed, int hidden, int layers, double dropout, double learningRate,
                          long seed, int sampleLength, double temperature, int topK, String prompt, int logEvery) {
    }

    /** Loss (nats per character) at the start and the end, and the sampled text. */
    public record Result(double firstLoss, double lastLoss, String sample, RecurrentLanguageModel model, CharVocabulary vocabulary) {
    }

    private CharLanguageModelTraining() {
    }

    public static Result run(String text, Options o, PrintStream out) {
        CharVocabulary vocabulary = CharVocabulary.of(text);
        long[] ids = vocabulary.encode(text);
        int streamLength = ids.length / o.batch();
        if (streamLength < o.chunk() + 1) {
            throw new IllegalArgumentException("charlm: the text has " + ids.length + " characters, too few for " + o.batch()
                    + " streams of at least " + (o.chunk() + 1) + " (use a longer text, or a smaller --batch-size or --chunk)");
        }
        long[] streams = new long[o.batch() * streamLength];
        for (int b = 0; b < o.batch(); b++) {
            System.arraycopy(ids, b * streamLength, streams, b * streamLength, streamLength);
        }
        Tensor data = MemoryScope.outside(() -> Tensor.ofLongs(streams, o.batch(), streamLength));
        RecurrentLanguageModel model = new RecurrentLanguageModel(vocabulary.size(), o.embed(), o.hidden(), o.layers(), "lstm",
                o.dropout(), o.seed());
        Adam adam = new Adam(model.parameters(), o.learningRate());
        SparseCategoricalCrossEntropy loss = new SparseCategoricalCrossEntropy();
        out.printf(Locale.ROOT, "charlm: %d characters, vocabulary %d, %d streams of %d, chunks of %d, LSTM %d x %d%n", ids.length,
                vocabulary.size(), o.batch(), streamLength, o.chunk(), o.layers(), o.hidden());
        long start = System.nanoTime();
        RecurrentState state = null;
        long position = 0;
        double first = Double.NaN;
        double smoothed = Double.NaN;
        for (int step = 1; step <= o.steps(); step++) {
            if (position + o.chunk() + 1 > streamLength) {
                position = 0;
                state = null;
            }
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor input = data.slice(1, position, position + o.chunk());
                Tensor target = data.slice(1, position + 1, position + o.chunk() + 1);
                RecurrentLanguageModel.Step s = model.step(input, TruncatedBptt.detach(state));
                Tensor l = loss.compute(s.logits(), target);
                adam.zeroGrad();
                l.backward();
                dev.neurite.layers.optim.GradientClipping.byNorm(model.parameters().values(), 1.0);
                adam.step();
                adam.zeroGrad();
                double value = l.item();
                first = Double.isNaN(first) ? value : first;
                smoothed = Double.isNaN(smoothed) ? value : 0.9 * smoothed + 0.1 * value;
                RecurrentState next = TruncatedBptt.detach(s.state());
                state = new RecurrentState(MemoryScope.keep(next.h()), MemoryScope.keep(next.c()));
            }
            position += o.chunk();
            if (step % o.logEvery() == 0 || step == o.steps()) {
                out.printf(Locale.ROOT, "step %5d  loss %.3f nats/char (perplexity %.2f)  %.0f s%n", step, smoothed, Math.exp(smoothed),
                        (System.nanoTime() - start) / 1e9);
            }
        }
        String prompt = o.prompt() == null || o.prompt().isEmpty() ? text.substring(0, text.offsetByCodePoints(0, 1)) : o.prompt();
        TokenSampler sampler = TokenSampler.topK(o.topK(), o.temperature(), o.seed());
        String sample = prompt + vocabulary.decode(model.sample(vocabulary.encode(prompt), o.sampleLength(), sampler));
        return new Result(first, smoothed, sample, model, vocabulary);
    }

    /** Saves the model with its vocabulary in the checkpoint's training state. */
    public static void save(Path dir, Result r, Map<String, Object> extra) throws IOException {
        Map<String, Object> training = new LinkedHashMap<>(extra);
        training.put("vocabulary", r.vocabulary().codePoints());
        training.put("final_loss", r.lastLoss());
        Checkpoint.save(dir, r.model(), null, null, training);
    }
}
