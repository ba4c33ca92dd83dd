package dev.neurite.apps.cli;

import dev.neurite.onnx.OnnxTestCase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code neurite onnx test DIR...}: ONNX backend-test cases, pass or fail per case and a total line. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Run test cases in the ONNX backend-test layout (model.onnx, test_data_set_*/input_*.pb and output_*.pb).")
final class OnnxTestCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "A test case directory, or a directory of them.")
    List<Path> dirs;

    @Option(names = "--atol", defaultValue = "1e-4", description = "Absolute tolerance (default: ${DEFAULT-VALUE}).")
    double atol;

    @Option(names = "--rtol", defaultValue = "1e-3", description = "Relative tolerance (default: ${DEFAULT-VALUE}).")
    double rtol;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws Exception {
        return OnnxCommand.guarded("test", () -> {
            backendOptions.select();
            List<OnnxTestCase> cases = new ArrayList<>();
            for (Path d : dirs) {
                cases.addAll(OnnxTestCase.find(d));
            }
            int passed = 0;
            for (OnnxTestCase c : cases) {
                OnnxTestCase.Result r = c.run(atol, rtol);
                if (r.passed()) {
                    passed++;
                    System.out.printf(Locale.ROOT, "PASS %s (%d data set%s, max |diff| %.2e)%n", r.name(), r.dataSets(),
                            r.dataSets() == 1 ? "" : "s", r.maxAbsDiff());
                } else {
                    System.out.printf(Locale.ROOT, "FAIL %s: %s%n", r.name(), r.message());
                }
            }
            System.out.printf(Locale.ROOT, "%d passed, %d failed, %d cases%n", passed, cases.size() - passed, cases.size());
            return cases.isEmpty() || passed < cases.size() ? ExitCodes.FAILURE : ExitCodes.OK;
        });
    }
}
