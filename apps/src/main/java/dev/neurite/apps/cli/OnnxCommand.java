package dev.neurite.apps.cli;

import dev.neurite.onnx.OnnxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code neurite onnx ...}: ONNX import, export, conformance tests and the ONNX Runtime bench. */
@Command(name = "onnx", mixinStandardHelpOptions = true,
        subcommands = {OnnxTestCommand.class, OnnxRunCommand.class, OnnxInspectCommand.class, OnnxExportCommand.class,
                OnnxOpsCommand.class, OnnxBenchCommand.class},
        description = "Import, run, inspect and export ONNX models; run ONNX backend-test cases; bench against ONNX Runtime.")
final class OnnxCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return ExitCodes.USAGE;
    }

    /** Runs {@code body}; a bad model or tensor file is reported in one line with exit code {@link ExitCodes#BAD_INPUT}. */
    static int guarded(String command, Callable<Integer> body) throws Exception {
        try {
            return body.call();
        } catch (OnnxException e) {
            System.err.println("neurite onnx " + command + ": " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
    }
}
