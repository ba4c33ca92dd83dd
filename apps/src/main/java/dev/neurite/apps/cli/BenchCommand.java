package dev.neurite.apps.cli;

import dev.neurite.api.backend.Backend;
import dev.neurite.api.data.InMemoryDataset;
import dev.neurite.api.nn.Layer;
import dev.neurite.apps.bench.TorchPeer;
import dev.neurite.apps.bench.TrainingBench;
import dev.neurite.apps.models.Models;
import dev.neurite.layers.loss.SparseCategoricalCrossEntropy;
import dev.neurite.layers.optim.Adam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code neurite bench MODEL}: Neurite and PyTorch side by side, from one run. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {BenchKernelsCommand.class, BenchLstmCommand.class, BenchTransformerCommand.class},
        description = "Training (and inference) throughput of a model in Neurite and in PyTorch (/usr/bin/python3), side by side.")
final class BenchCommand implements Callable<Integer> {
    // Optional to picocli so that subcommands parse without it; call() insists on it.
    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "Model: ${COMPLETION-CANDIDATES}", completionCandidates = ModelNames.class)
    String model;

    @Option(names = "--batch-size", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--steps", defaultValue = "400", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "1000", description = "Warm-up steps, long enough for the JIT to settle (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Mixin
    PeerOptions peer;

    @Mixin
    BackendOptions backendOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ModelNames.require(spec, model);
        Backend backend = backendOptions.select();
        InMemoryDataset data = TrainingBench.randomImages(7);
        Layer net = Models.byName(model, 42);
        TrainingBench.Result train = TrainingBench.train(net, new SparseCategoricalCrossEntropy(), new Adam(net.parameters(), 1e-3),
                data, batch, steps, warmup);
        TrainingBench.Result infer = TrainingBench.infer(net, data, batch, steps, warmup);
        TorchPeer.Result torchTrain = peer.noPeer ? null : TorchPeer.run(model, batch, steps, warmup, peer.threads, "train");
        TorchPeer.Result torchInfer = peer.noPeer ? null : TorchPeer.run(model, batch, steps, warmup, peer.threads, "infer");

        System.out.printf(Locale.ROOT, "%s, batch %d, %d timed steps after %d warm-up, Adam 1e-3%n", model, batch, steps, warmup);
        System.out.printf(Locale.ROOT, "%-44s %16s %12s %16s %12s%n", "", "train samples/s", "ms/step", "infer samples/s", "ms/step");
        row("Neurite " + backend.name() + " (" + backend.device() + ")", train.samplesPerSecond(), train.msPerStep(),
                infer.samplesPerSecond(), infer.msPerStep());
        if (torchTrain != null) {
            if (torchTrain.available() && torchInfer.available()) {
                row(torchTrain.peer() + " (" + peer.threads + " threads)", torchTrain.samplesPerSecond(), torchTrain.msPerStep(),
                        torchInfer.samplesPerSecond(), torchInfer.msPerStep());
                System.out.printf(Locale.ROOT, "Neurite / PyTorch: train %.2fx, inference %.2fx%n",
                        train.samplesPerSecond() / torchTrain.samplesPerSecond(), infer.samplesPerSecond() / torchInfer.samplesPerSecond());
            } else {
                System.out.println("PyTorch: not measured: " + (torchTrain.available() ? torchInfer : torchTrain).unavailable());
            }
        }
        return ExitCodes.OK;
    }

    private static void row(String name, double trainRate, double trainMs, double inferRate, double inferMs) {
        String label = name.length() > 44 ? name.substring(0, 41) + "..." : name;
        System.out.printf(Locale.ROOT, "%-44s %,16.0f %12.3f %,16.0f %12.3f%n", label, trainRate, trainMs, inferRate, inferMs);
    }
}
