package dev.neurite.apps.cli;

import dev.neurite.api.Shape;
import dev.neurite.api.io.Checkpoint;
import dev.neurite.api.nn.ModelSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code neurite summary CKPT}: the layer table of a saved model. */
@Command(name = "summary", mixinStandardHelpOptions = true, description = "Print a saved model's layers, output shapes and parameter counts.")
final class SummaryCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CKPT", description = "Checkpoint directory.")
    Path checkpoint;

    @Option(names = "--input-shape", split = ",", defaultValue = "1,1,28,28",
            description = "Input shape including the batch dimension (default: ${DEFAULT-VALUE}).")
    long[] inputShape;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws Exception {
        backendOptions.select();
        Checkpoint.Loaded loaded = Checkpoint.load(checkpoint);
        System.out.print(ModelSummary.of(loaded.model(), Shape.of(inputShape)));
        return ExitCodes.OK;
    }
}
