package dev.neurite.apps.cli;

import dev.neurite.onnx.OnnxOperators;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code neurite onnx ops}: the operators the importer supports ({@code --markdown}: docs/onnx-ops.md). */
@Command(name = "ops", mixinStandardHelpOptions = true, description = "List the ONNX operators the importer supports.")
final class OnnxOpsCommand implements Callable<Integer> {
    @Option(names = "--markdown", description = "Print the table of docs/onnx-ops.md.")
    boolean markdown;

    @Override
    public Integer call() {
        if (markdown) {
            System.out.print(OnnxOperators.markdownTable());
        } else {
            OnnxOperators.supported().forEach(o -> System.out.printf("%-24s %-26s %s%n", o.name(), o.category(), o.notes()));
        }
        return ExitCodes.OK;
    }
}
