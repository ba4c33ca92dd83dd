package dev.neurite.apps.cli;

import dev.neurite.api.backend.Backend;
import dev.neurite.apps.bench.SequenceBench;
import dev.neurite.apps.bench.TorchPeer;
import dev.neurite.apps.bench.TrainingBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code neurite bench lstm}: an LSTM training step in Neurite and in PyTorch, side by side. */
@Command(name = "lstm", mixinStandardHelpOptions = true,
        description = "LSTM training throughput (one layer, input = hidden, time-major, a linear head to 10 classes at every step, "
                + "cross-entropy, Adam) in Neurite and in PyTorch (/usr/bin/python3), from one run.")
final class BenchLstmCommand implements Callable<Integer> {
    @Option(names = "--batch-size", defaultValue = "64", description = "Batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seq", defaultValue = "50", description = "Sequence length (default: ${DEFAULT-VALUE}).")
    int seq;

    @Option(names = "--hidden", defaultValue = "256", description = "Hidden and input size (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--steps", defaultValue = "50", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "20", description = "Warm-up steps (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Mixin
    PeerOptions peer;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() {
        Backend backend = backendOptions.select();
        TrainingBench.Result neurite = SequenceBench.lstm(batch, seq, hidden, steps, warmup);
        TorchPeer.Result torch = peer.noPeer ? null : TorchPeer.runScript("torch_bench_seq.py", "lstm", Integer.toString(batch),
                Integer.toString(seq), Integer.toString(hidden), Integer.toString(steps), Integer.toString(warmup), Integer.toString(peer.threads));
        SideBySide.print(String.format(Locale.ROOT, "LSTM training step: batch %d, seq %d, hidden %d; %d timed steps after %d warm-up",
                batch, seq, hidden, steps, warmup), backend, neurite, torch, peer.threads);
        return ExitCodes.OK;
    }
}
