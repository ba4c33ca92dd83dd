package dev.neurite.apps.cli;

import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Backend;
import dev.neurite.api.nn.Layer;
import dev.neurite.apps.bench.OnnxRuntimeBench;
import dev.neurite.apps.models.Models;
import dev.neurite.onnx.OnnxExportOptions;
import dev.neurite.onnx.OnnxExporter;
import dev.neurite.onnx.OnnxImporter;
import dev.neurite.onnx.OnnxModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code neurite onnx bench}: inference latency (batch 1) and throughput (batch N) of a model exported to ONNX, in
 * Neurite (the layers, and the re-imported ONNX graph) and in ONNX Runtime (Java), side by side from one run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Inference latency and throughput of an exported model: Neurite vs ONNX Runtime (Java), one run.")
final class OnnxBenchCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "cnn", description = "Model: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = ModelNames.class)
    String model;

    @Option(names = "--batch-size", defaultValue = "128", description = "Throughput batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--steps", defaultValue = "200", description = "Timed passes per measurement (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "100", description = "Warm-up passes (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--threads", defaultValue = "2", description = "ONNX Runtime intra-op threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws Exception {
        return OnnxCommand.guarded("bench", () -> {
            Backend backend = backendOptions.select();
            Layer net = Models.byName(model, 42);
            net.eval();
            byte[] bytes = OnnxExporter.toBytes(net, List.of(Shape.of(1, 1, 28, 28)), OnnxExportOptions.defaults());
            OnnxModel imported = OnnxImporter.load(bytes);
            System.out.printf(Locale.ROOT, "%s exported to ONNX (opset 13, %d bytes); %d timed passes after %d warm-up%n",
                    model, bytes.length, steps, warmup);
            System.out.printf(Locale.ROOT, "%-44s %14s %18s%n", "", "batch 1 ms", "batch " + batch + " samples/s");
            double worst = 0;
            OnnxRuntimeBench.Timing[][] rows = new OnnxRuntimeBench.Timing[3][2];
            int[] sizes = {1, batch};
            for (int s = 0; s < 2; s++) {
                Tensor x = Tensor.rand(Shape.of(sizes[s], 1, 28, 28), 7 + s);
                rows[0][s] = OnnxRuntimeBench.neurite(net, x, steps, warmup);
                rows[1][s] = OnnxRuntimeBench.neurite(imported, x, steps, warmup);
                rows[2][s] = OnnxRuntimeBench.onnxRuntime(bytes, "input", x, threads, steps, warmup);
                worst = Math.max(worst, OnnxRuntimeBench.maxDifference(rows[0][s].output(), rows[2][s].output()));
                worst = Math.max(worst, OnnxRuntimeBench.maxDifference(rows[0][s].output(), rows[1][s].output()));
            }
            System.out.println("Neurite backend: " + backend.name() + " (" + backend.device() + ")");
            String[] names = {"Neurite, " + model + " layers", "Neurite, the exported model re-imported",
                    "ONNX Runtime Java, CPU, " + threads + " threads"};
            for (int r = 0; r < 3; r++) {
                String label = names[r].length() > 44 ? names[r].substring(0, 41) + "..." : names[r];
                System.out.printf(Locale.ROOT, "%-44s %14.3f %,18.0f%n", label, rows[r][0].msPerBatch(),
                        rows[r][1].samplesPerSecond());
            }
            System.out.printf(Locale.ROOT, "Neurite / ONNX Runtime: latency %.2fx, throughput %.2fx; outputs agree to %.1e%n",
                    rows[2][0].msPerBatch() / rows[0][0].msPerBatch(),
                    rows[0][1].samplesPerSecond() / rows[2][1].samplesPerSecond(), worst);
            return worst <= 1e-3 ? ExitCodes.OK : ExitCodes.FAILURE;
        });
    }
}
