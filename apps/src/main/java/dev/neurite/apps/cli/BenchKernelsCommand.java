package dev.neurite.apps.cli;

import dev.neurite.api.backend.Backend;
import dev.neurite.apps.bench.KernelBenchmarks;
import dev.neurite.apps.bench.KernelCase;
import dev.neurite.apps.bench.TorchPeer;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code neurite bench kernels}: JMH figures for each fused kernel, with PyTorch's for the same call beside them. */
@Command(name = "kernels", mixinStandardHelpOptions = true,
        description = "Per-kernel breakdown (JMH, batch 128, float32): convolution, max pooling and batch norm, forward "
                + "and backward, on the CNN's and the ResNet's shapes, beside PyTorch (/usr/bin/python3) timing the same calls.")
final class BenchKernelsCommand implements Callable<Integer> {
    @Option(names = "--cases", split = ",", paramLabel = "CASE",
            description = "Kernel cases (default: all): ${COMPLETION-CANDIDATES}", completionCandidates = CaseNames.class)
    List<String> cases;

    @Option(names = "--iterations", defaultValue = "5", description = "Measured JMH iterations of 1 s (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--warmup", defaultValue = "3", description = "Warm-up JMH iterations of 1 s (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--seconds", defaultValue = "1", description = "Length of each iteration in seconds (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--forks", defaultValue = "1", description = "JMH forks; 0 runs in this JVM (default: ${DEFAULT-VALUE}).")
    int forks;

    @Mixin
    PeerOptions peer;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws RunnerException {
        Backend backend = backendOptions.select();
        List<String> names = cases == null ? KernelCase.ALL.stream().map(KernelCase::name).toList() : cases;
        names.forEach(KernelCase::byName);
        TimeValue length = TimeValue.milliseconds(Math.max(1, Math.round(seconds * 1000)));
        OptionsBuilder options = new OptionsBuilder();
        options.include(KernelBenchmarks.class.getName().replace(".", "\\.") + "\\.")
                .param("kernelCase", names.toArray(new String[0]))
                .forks(forks).warmupIterations(warmup).warmupTime(length).measurementIterations(iterations)
                .measurementTime(length).verbosity(VerboseMode.SILENT);
        System.out.printf(Locale.ROOT, "kernels on %s (%s), batch %d, float32: JMH %d x %s after %d x %s warm-up%n",
                backend.name(), backend.device(), KernelCase.BATCH, iterations, length, warmup, length);
        Map<String, RunResult> neurite = new HashMap<>();
        for (RunResult r : new Runner(options.build()).run()) {
            String method = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
            neurite.put(r.getParams().getParam("kernelCase") + "/" + method, r);
        }
        List<String> args = new ArrayList<>(List.of(Integer.toString(peer.threads), Double.toString(warmup * seconds),
                Double.toString(iterations * seconds)));
        args.addAll(names);
        TorchPeer.Output torch = peer.noPeer ? null : TorchPeer.execute("torch_bench_kernels.py", args.toArray(new String[0]));

        String peerName = torch != null && torch.available() ? torch.peer() + " (" + peer.threads + " threads)" : "PyTorch";
        System.out.printf(Locale.ROOT, "%-18s %-9s %18s %24s %8s%n", "kernel", "pass", "Neurite ms", peerName, "ratio");
        for (String name : names) {
            for (String pass : List.of("forward", "backward")) {
                RunResult r = neurite.get(name + "/" + pass);
                if (r == null) {
                    continue;
                }
                double ms = r.getPrimaryResult().getScore();
                double err = r.getPrimaryResult().getScoreError();
                Double theirs = torch != null && torch.available() ? torch.number(name + "/" + pass).orElse(null) : null;
                System.out.printf(Locale.ROOT, "%-18s %-9s %10.3f ± %-6.3f %24s %8s%n", name, pass, ms, Double.isNaN(err) ? 0 : err,
                        theirs == null ? "-" : String.format(Locale.ROOT, "%.3f", theirs),
                        theirs == null ? "-" : String.format(Locale.ROOT, "%.2fx", theirs / ms));
            }
        }
        System.out.println("ratio: PyTorch ms / Neurite ms (above 1: Neurite is faster).");
        if (torch != null && !torch.available()) {
            System.out.println("PyTorch: not measured: " + torch.unavailable());
        }
        return ExitCodes.OK;
    }

    /** Completion candidates for --cases. */
    static final class CaseNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return KernelCase.ALL.stream().map(KernelCase::name).iterator();
        }
    }
}
