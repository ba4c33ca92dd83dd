package dev.neurite.apps.cli;

import dev.neurite.api.backend.Backend;
import dev.neurite.api.io.Checkpoint;
import dev.neurite.apps.seq.ReversalTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code neurite train reverse}: an encoder-decoder learns to reverse sequences, until a target token accuracy. */
@Command(name = "reverse", mixinStandardHelpOptions = true,
        description = "Train a Transformer or LSTM encoder-decoder to reverse random sequences (lengths 10-20, vocabulary 10 by "
                + "default) until greedy decoding reaches the target token accuracy on fresh sequences.")
final class TrainReverseCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "transformer", description = "transformer or lstm (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--vocab", defaultValue = "10", description = "Symbols (default: ${DEFAULT-VALUE}).")
    int vocab;

    @Option(names = "--min-length", defaultValue = "10", description = "Shortest sequence (default: ${DEFAULT-VALUE}).")
    int minLength;

    @Option(names = "--max-length", defaultValue = "20", description = "Longest sequence (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--batch-size", defaultValue = "64", description = "Sequences per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--steps", defaultValue = "20000", description = "Most training steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--eval-every", defaultValue = "250", description = "Steps between accuracy checks (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--target", defaultValue = "0.99", description = "Token accuracy to stop at (default: ${DEFAULT-VALUE}).")
    double target;

    @Option(names = "--lr", description = "Adam learning rate (default: 1e-3 for the Transformer, 5e-3 for the LSTM).")
    Double learningRate;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for weights and data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/reverse",
            description = "Checkpoint directory for the trained model (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws java.io.IOException {
        Backend backend = backendOptions.select();
        System.out.println("backend: " + backend.name() + " (" + backend.device() + ")");
        System.out.printf(Locale.ROOT, "reversal: %s, vocabulary %d, lengths %d-%d, batch %d%n", model, vocab, minLength, maxLength, batch);
        double lr = learningRate != null ? learningRate : ReversalTraining.defaultLearningRate(model);
        ReversalTraining.Result r = ReversalTraining.run(new ReversalTraining.Options(model, vocab, minLength, maxLength, batch, steps,
                evalEvery, target, lr, seed), System.out);
        System.out.printf(Locale.ROOT, "final token accuracy %.2f%% (greedy decoding, %d fresh sequences of each length) after %d steps, %.0f s%n",
                100 * r.accuracy(), 256, r.steps(), r.seconds());
        Checkpoint.save(out, r.model(), null, null, Map.of("task", "reverse", "model", model, "vocab", vocab,
                "min_length", minLength, "max_length", maxLength, "steps", r.steps(), "token_accuracy", r.accuracy()));
        System.out.println("saved: " + out.toAbsolutePath());
        return r.accuracy() >= target ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
