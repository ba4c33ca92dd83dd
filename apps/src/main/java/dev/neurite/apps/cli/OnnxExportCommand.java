package dev.neurite.apps.cli;

import dev.neurite.api.Shape;
import dev.neurite.api.io.Checkpoint;
import dev.neurite.onnx.OnnxExportOptions;
import dev.neurite.onnx.OnnxExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code neurite onnx export --model CKPT --out M.onnx}: a saved model as ONNX. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a saved model (checkpoint directory) to ONNX, with a dynamic batch dimension.")
final class OnnxExportCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "CKPT", description = "Checkpoint directory.")
    Path checkpoint;

    @Option(names = "--out", required = true, paramLabel = "M.onnx", description = "The ONNX file to write.")
    Path out;

    @Option(names = "--opset", defaultValue = "13", description = "ONNX opset, 13 to 17 (default: ${DEFAULT-VALUE}).")
    int opset;

    @Option(names = "--input-shape", split = ",", defaultValue = "1,1,28,28",
            description = "Input shape including the batch dimension (default: ${DEFAULT-VALUE}).")
    long[] inputShape;

    @Option(names = "--static-batch", description = "Declare the batch dimension as fixed instead of symbolic.")
    boolean staticBatch;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws Exception {
        return OnnxCommand.guarded("export", () -> {
            backendOptions.select();
            Checkpoint.Loaded loaded = Checkpoint.load(checkpoint);
            OnnxExportOptions options = OnnxExportOptions.defaults().withOpset(opset).withDynamicBatch(!staticBatch);
            OnnxExporter.export(loaded.model(), List.of(Shape.of(inputShape)), options, out);
            System.out.println("wrote " + out + " (opset " + opset + ", input " + Shape.of(inputShape)
                    + (staticBatch ? "" : ", dynamic batch") + ")");
            return ExitCodes.OK;
        });
    }
}
