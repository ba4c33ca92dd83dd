package dev.neurite.apps.cli;

import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.onnx.OnnxException;
import dev.neurite.onnx.OnnxImporter;
import dev.neurite.onnx.OnnxModel;
import dev.neurite.onnx.OnnxTensors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code neurite onnx run --model M --input NAME=FILE.pb ...}: runs a model and writes its outputs as TensorProto files. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run an ONNX model on TensorProto inputs and write every output as OUT/<name>.pb.")
final class OnnxRunCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "M", description = "The ONNX model file.")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "NAME=FILE.pb", description = "An input, repeatable.")
    List<String> inputs;

    @Option(names = "--out", defaultValue = ".", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws Exception {
        return OnnxCommand.guarded("run", () -> {
            backendOptions.select();
            try (MemoryScope scope = MemoryScope.open(); GradMode.Guard g = GradMode.noGrad()) {
                OnnxModel m = OnnxImporter.load(model);
                m.eval();
                Map<String, Tensor> feeds = new LinkedHashMap<>();
                for (String spec : inputs) {
                    int eq = spec.indexOf('=');
                    if (eq <= 0 || eq == spec.length() - 1) {
                        throw new OnnxException("--input must be NAME=FILE.pb, got '" + spec + "'");
                    }
                    feeds.put(spec.substring(0, eq), OnnxTensors.read(Path.of(spec.substring(eq + 1))).tensor());
                }
                for (Map.Entry<String, Tensor> e : m.run(feeds).entrySet()) {
                    Path file = out.resolve(fileName(e.getKey()) + ".pb");
                    OnnxTensors.write(file, e.getKey(), e.getValue());
                    System.out.println(e.getKey() + " " + e.getValue().shape() + " " + e.getValue().dtype() + " -> " + file);
                }
            }
            return ExitCodes.OK;
        });
    }

    /** Output names may hold characters a file name cannot ({@code /} in PyTorch's names). */
    static String fileName(String valueName) {
        String s = valueName.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() || s.startsWith(".") ? "output" + s : s;
    }
}
