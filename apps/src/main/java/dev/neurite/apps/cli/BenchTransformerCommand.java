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

/** {@code neurite bench transformer}: a Transformer-encoder training step in Neurite and in PyTorch, side by side. */
@Command(name = "transformer", mixinStandardHelpOptions = true,
        description = "Transformer encoder training throughput (post-norm, ReLU, dropout 0.1, batch first, a linear head to 10 classes "
                + "at every position, cross-entropy, Adam) in Neurite and in PyTorch (/usr/bin/python3), from one run.")
final class BenchTransformerCommand implements Callable<Integer> {
    @Option(names = "--batch-size", defaultValue = "32", description = "Batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seq", defaultValue = "128", description = "Sequence length (default: ${DEFAULT-VALUE}).")
    int seq;

    @Option(names = "--d-model", defaultValue = "256", description = "Model width (default: ${DEFAULT-VALUE}).")
    int dModel;

    @Option(names = "--heads", defaultValue = "4", description = "Attention heads (default: ${DEFAULT-VALUE}).")
    int heads;

    @Option(names = "--ffn", defaultValue = "1024", description = "Feed-forward width (default: ${DEFAULT-VALUE}).")
    int ffn;

    @Option(names = "--layers", defaultValue = "4", description = "Encoder layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--steps", defaultValue = "20", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "10", description = "Warm-up steps (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Mixin
    PeerOptions peer;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() {
        Backend backend = backendOptions.select();
        TrainingBench.Result neurite = SequenceBench.transformer(batch, seq, dModel, heads, ffn, layers, steps, warmup);
        TorchPeer.Result torch = peer.noPeer ? null : TorchPeer.runScript("torch_bench_seq.py", "transformer", Integer.toString(batch),
                Integer.toString(seq), Integer.toString(dModel), Integer.toString(heads), Integer.toString(ffn), Integer.toString(layers),
                Integer.toString(steps), Integer.toString(warmup), Integer.toString(peer.threads));
        SideBySide.print(String.format(Locale.ROOT, "Transformer encoder training step: %d layers, d_model %d, %d heads, FFN %d, seq %d, "
                + "batch %d; %d timed steps after %d warm-up", layers, dModel, heads, ffn, seq, batch, steps, warmup), backend, neurite,
                torch, peer.threads);
        return ExitCodes.OK;
    }
}
