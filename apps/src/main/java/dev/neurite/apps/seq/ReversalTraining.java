package dev.neurite.apps.seq;

import dev.neurite.layers.optim.Adam;
import dev.neurite.layers.schedule.LinearWarmup;
import dev.neurite.layers.seq2seq.LstmSeq2Seq;
import dev.neurite.layers.seq2seq.ReversalTask;
import dev.neurite.layers.seq2seq.Seq2Seq;
import dev.neurite.layers.seq2seq.TeacherForcing;
import dev.neurite.layers.seq2seq.TransformerSeq2Seq;

import java.io.PrintStream;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Trains an encoder-decoder (Transformer or LSTM) on {@link ReversalTask} until greedy generation reaches a target
 * token accuracy on fresh sequences, or a step budget runs out.
 */
public final class ReversalTraining {
    /** What to train and for how long. */
    public record Options(String model, int vocab, int minLength, int maxLength, int batch, int maxSteps, int evalEvery,
                          double target, double learningRate, long seed) {
    }

    /** The outcome: steps taken, the final accuracy on a fresh evaluation set, the wall time and the trained model. */
    public record Result(int steps, double accuracy, double seconds, Seq2Seq model) {
    }

    private ReversalTraining() {
    }

    /** The model for a name: {@code transformer} or {@code lstm}. */
    public static Seq2Seq model(String name, int vocab, int maxLength, long seed) {
        int tokens = vocab + 1;
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "transformer" -> new TransformerSeq2Seq(tokens, tokens, 64, 4, 2, 2, 128, 0, maxLength + 1, true, seed);
            case "lstm" -> new LstmSeq2Seq(tokens, tokens, 32, 128, 1, true, 0, seed);
            default -> throw new IllegalArgumentException("reversal: model must be transformer or lstm, got '" + name + "'");
        };
    }

    /** The learning rate that suits each model. */
    public static double defaultLearningRate(String name) {
        return name.equalsIgnoreCase("lstm") ? 5e-3 : 1e-3;
    }

    public static Result run(Options o, PrintStream out) {
        ReversalTask task = new ReversalTask(o.vocab(), o.minLength(), o.maxLength());
        Seq2Seq model = model(o.model(), o.vocab(), o.maxLength(), o.seed());
        Adam adam = new Adam(model.parameters(), o.learningRate());
        LinearWarmup warmup = new LinearWarmup(200);
        SplittableRandom random = new SplittableRandom(o.seed());
        long start = System.nanoTime();
        double smoothed = Double.NaN;
        double rate = o.learningRate();
        double best = 0;
        int sinceBest = 0;
        int step = 0;
        double accuracy = 0;
        while (step < o.maxSteps()) {
            adam.setLearningRate(warmup.rate(rate, 0, step));
            ReversalTask.Batch b = task.batch(o.batch(), random);
            double loss = TeacherForcing.step(model, b.src(), b.tgtIn(), b.tgtOut(), adam, 1.0);
            smoothed = Double.isNaN(smoothed) ? loss : 0.95 * smoothed + 0.05 * loss;
            step++;
            if (step % o.evalEvery() == 0 || step == o.maxSteps()) {
                accuracy = task.tokenAccuracy(model, 64, 2, o.seed() + step);
                out.printf(Locale.ROOT, "step %5d  loss %.4f  token accuracy %.2f%%  lr %.2g  (%.0f s)%n", step, smoothed, 100 * accuracy,
                        rate, (System.nanoTime() - start) / 1e9);
                // A check that meets the target is confirmed on the larger evaluation set before training stops.
                if (accuracy >= o.target() && finalAccuracy(task, model, o) >= o.target()) {
                    break;
                }
                // Halve the rate when two checks in a row bring no improvement: the last fraction of a percent
                // needs smaller steps than the start.
                if (accuracy > best) {
                    best = accuracy;
                    sinceBest = 0;
                } else if (++sinceBest >= 2) {
                    rate = Math.max(rate / 2, o.learningRate() / 64);
                    sinceBest = 0;
                }
            }
        }
        return new Result(step, finalAccuracy(task, model, o), (System.nanoTime() - start) / 1e9, model);
    }

    /** The reported figure: greedy decoding of 256 fresh sequences of each length, more than the periodic checks use. */
    private static double finalAccuracy(ReversalTask task, Seq2Seq model, Options o) {
        return task.tokenAccuracy(model, 64, 4, o.seed() ^ 0x5EED);
    }
}
