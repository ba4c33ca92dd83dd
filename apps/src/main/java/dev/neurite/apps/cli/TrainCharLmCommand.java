package dev.neurite.apps.cli;

import dev.neurite.api.backend.Backend;
import dev.neurite.apps.seq.CharLanguageModelTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code neurite train charlm --text F}: a character-level LSTM language model, trained on F, then sampled. */
@Command(name = "charlm", mixinStandardHelpOptions = true,
        description = "Train a character-level LSTM language model on a text file (truncated BPTT over parallel streams), save it "
                + "and print a sample.")
final class TrainCharLmCommand implements Callable<Integer> {
    @Option(names = "--text", required = true, paramLabel = "FILE", description = "UTF-8 text to learn from.")
    Path text;

    @Option(names = "--steps", defaultValue = "2000", description = "Training steps, one chunk each (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch-size", defaultValue = "32", description = "Parallel streams (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--chunk", defaultValue = "64", description = "Characters per truncated-BPTT chunk (default: ${DEFAULT-VALUE}).")
    int chunk;

    @Option(names = "--hidden", defaultValue = "256", description = "LSTM hidden size (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--layers", defaultValue = "2", description = "LSTM layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--dropout", defaultValue = "0.1", description = "Dropout between LSTM layers (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--lr", defaultValue = "3e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--sample-length", defaultValue = "400", description = "Characters to sample (default: ${DEFAULT-VALUE}).")
    int sampleLength;

    @Option(names = "--temperature", defaultValue = "0.8", description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", defaultValue = "0", description = "Sample among the k likeliest characters; 0: all (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--prompt", description = "Text to start the sample with (default: the text's first character).")
    String prompt;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for weights and sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/charlm", description = "Checkpoint directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws Exception {
        String content;
        try {
            content = Files.readString(text, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DataUnavailableException("charlm: no such text file: " + text);
        }
        Backend backend = backendOptions.select();
        System.out.println("backend: " + backend.name() + " (" + backend.device() + ")");
        CharLanguageModelTraining.Result r = CharLanguageModelTraining.run(content, new CharLanguageModelTraining.Options(steps, batch,
                chunk, 64, hidden, layers, dropout, learningRate, seed, sampleLength, temperature, topK, prompt,
                Math.max(1, steps / 20)), System.out);
        CharLanguageModelTraining.save(out, r, Map.of("text", text.getFileName().toString(), "steps", steps));
        System.out.printf(Locale.ROOT, "loss %.3f -> %.3f nats/char; saved: %s%n", r.firstLoss(), r.lastLoss(), out.toAbsolutePath());
        System.out.println("--- sample (temperature " + temperature + (topK > 0 ? ", top-" + topK : "") + ")");
        System.out.println(r.sample());
        return ExitCodes.OK;
    }
}
