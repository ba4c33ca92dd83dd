package dev.neurite.apps.cli;

import dev.neurite.api.Tensor;
import dev.neurite.onnx.OnnxImporter;
import dev.neurite.onnx.OnnxModel;
import dev.neurite.onnx.OnnxValueInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code neurite onnx inspect M}: inputs, outputs, opset, parameters and the op histogram. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print an ONNX model's inputs, outputs, opset, parameters and operator histogram.")
final class OnnxInspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "M", description = "The ONNX model file.")
    Path model;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws Exception {
        return OnnxCommand.guarded("inspect", () -> {
            backendOptions.select();
            OnnxModel m = OnnxImporter.load(model);
            System.out.println("model:    " + model);
            m.metadata().forEach((k, v) -> System.out.println(String.format("%-9s %s", k + ":", v)));
            System.out.println("opset:    " + m.opset());
            System.out.println("inputs:");
            for (OnnxValueInfo v : m.inputs()) {
                System.out.println("  " + v);
            }
            System.out.println("outputs:");
            for (OnnxValueInfo v : m.outputs()) {
                System.out.println("  " + v);
            }
            long params = m.parameters().values().stream().mapToLong(Tensor::numel).sum();
            long buffers = m.buffers().values().stream().mapToLong(Tensor::numel).sum();
            System.out.println("parameters: " + m.parameters().size() + " tensors, " + params + " values; buffers: "
                    + m.buffers().size() + " tensors, " + buffers + " values");
            System.out.println("operators (" + m.nodeCount() + " nodes):");
            for (Map.Entry<String, Integer> e : m.opHistogram().entrySet()) {
                System.out.println(String.format("  %-24s %d", e.getKey(), e.getValue()));
            }
            return ExitCodes.OK;
        });
    }
}
