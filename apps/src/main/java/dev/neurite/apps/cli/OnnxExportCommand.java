package dev.neurite.apps.cli;

import dev.neurite.api.Shape;
import dev.neurite.api.io.Checkpoint;
import dev.neurite.onnx.OnnxException;
import dev.neurite.onnx.OnnxExportOptions;
import dev.neurite.onnx.OnnxExporter;
import dev.neurite.onnx.OnnxInput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code neurite onnx export --model CKPT --out M.onnx}: a saved model as ONNX. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a saved model (checkpoint directory) to ONNX, with a dynamic batch dimension. A model of one float32 "
                + "input takes --input-shape; token (int64) inputs and models of several inputs take one --input per input, "
                + "in the order the model takes them.")
final class OnnxExportCommand implements Callable<Integer> {
    private static final long[] DEFAULT_SHAPE = {1, 1, 28, 28};

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "CKPT", description = "Checkpoint directory.")
    Path checkpoint;

    @Option(names = "--out", required = true, paramLabel = "M.onnx", description = "The ONNX file to write.")
    Path out;

    @Option(names = "--opset", defaultValue = "13", description = "ONNX opset, 13 to 17 (default: ${DEFAULT-VALUE}).")
    int opset;

    @Option(names = "--input-shape", split = ",", paramLabel = "N,...",
            description = "The shape of a one-input model's float32 input, batch first (default: 1,1,28,28).")
    long[] inputShape;

    @Option(names = "--input", paramLabel = OnnxInputSpec.SYNTAX,
            description = "An input, repeatable, in the model's order: a name, float32|float64|int64, sizes joined by 'x', and "
                    + "optionally a symbolic name or '-' (fixed) per axis, e.g. src:int64:1x12:batch,src_len. Without DIMS "
                    + "the first axis is the symbolic batch.")
    List<String> inputs;

    @Option(names = "--static-batch", description = "Declare the batch dimension as fixed instead of symbolic (inputs without DIMS).")
    boolean staticBatch;

    @Option(names = "--causal-decoder", description = "Export Transformer decoder self-attention with the causal target mask, as "
            + "decoders are trained (TransformerSeq2Seq always has it).")
    boolean causalDecoder;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws Exception {
        if (inputShape != null && inputs != null) {
            throw new ParameterException(spec.commandLine(), "--input-shape and --input are exclusive: --input-shape is the one float32 "
                    + "input of a one-input model, --input declares each input");
        }
        return OnnxCommand.guarded("export", () -> {
            List<OnnxInput> specs = new ArrayList<>();
            if (inputs == null) {
                specs.add(OnnxInput.of(Shape.of(inputShape != null ? inputShape : DEFAULT_SHAPE)));
            } else {
                inputs.forEach(s -> specs.add(OnnxInputSpec.parse(s)));
            }
            backendOptions.select();
            Checkpoint.Loaded loaded = Checkpoint.load(checkpoint);
            OnnxExportOptions options = OnnxExportOptions.defaults().withOpset(opset).withDynamicBatch(!staticBatch)
                    .withCausalDecoder(causalDecoder);
            String given = describe(specs, options);
            try {
                OnnxExporter.export(loaded.model(), options, out, specs.toArray(OnnxInput[]::new));
            } catch (OnnxException e) {
                throw new OnnxException(forCommandLine(e.getMessage()) + "; given " + given + (inputs == null && inputShape == null
                        ? " (the default --input-shape; declare a model's inputs with --input " + OnnxInputSpec.SYNTAX + ")" : ""), e);
            }
            System.out.println("wrote " + out + " (opset " + opset + ", " + given + (causalDecoder ? ", causal decoder" : "") + ")");
            return ExitCodes.OK;
        });
    }

    /** The exporter's message without its prefix (the command adds its own) and with the hint in command-line terms. */
    private static String forCommandLine(String message) {
        String m = message.startsWith("onnx export: ") ? message.substring("onnx export: ".length()) : message;
        return m.replace("(declare token inputs with OnnxInput.tokens)", "(token inputs are int64: --input NAME:int64:SHAPE)");
    }

    /** {@code 2 inputs: src int64[batch, 12], tgt_in int64[batch, 11]}, the dimensions as declared. */
    private static String describe(List<OnnxInput> specs, OnnxExportOptions options) {
        return specs.size() + (specs.size() == 1 ? " input: " : " inputs: ") + specs.stream().map(in -> {
            List<String> axes = new ArrayList<>();
            for (int i = 0; i < in.shape().rank(); i++) {
                String sym = in.dims() != null ? in.dims().get(i) : i == 0 && options.dynamicBatch() ? "batch" : null;
                axes.add(sym != null ? sym : Long.toString(in.shape().size(i)));
            }
            return (in.name() != null ? in.name() + " " : "") + in.dtype().id() + axes;
        }).collect(Collectors.joining(", "));
    }
}
