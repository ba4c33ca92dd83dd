package dev.neurite.onnx;

import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A test case in ONNX's backend-test layout: {@code model.onnx} beside {@code test_data_set_N/} directories of
 * {@code input_K.pb} and {@code output_K.pb}. {@link #run} imports the model, feeds every data set and compares the
 * outputs elementwise within {@code |actual - expected| <= atol + rtol * |expected|}.
 */
public final class OnnxTestCase {
    private final Path dir;

    public OnnxTestCase(Path dir) {
        this.dir = dir;
    }

    /** The outcome of one case: passed, with the largest absolute difference seen, or failed with a reason. */
    public record Result(String name, boolean passed, double maxAbsDiff, int dataSets, String message) {
    }

    public Path directory() {
        return dir;
    }

    /** Whether {@code dir} looks like a test case (has a {@code model.onnx}). */
    public static boolean isCase(Path dir) {
        return Files.isRegularFile(dir.resolve("model.onnx"));
    }

    /** {@code dir} itself when it is a case, otherwise its immediate sub-directories that are, sorted. */
    public static List<OnnxTestCase> find(Path dir) {
        if (isCase(dir)) {
            return List.of(new OnnxTestCase(dir));
        }
        if (!Files.isDirectory(dir)) {
            throw new OnnxException("onnx test: '" + dir + "' is neither a test case (with model.onnx) nor a directory");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(OnnxTestCase::isCase).sorted().map(OnnxTestCase::new).toList();
        } catch (IOException e) {
            throw new OnnxException("onnx test: cannot list '" + dir + "': " + e.getMessage(), e);
        }
    }

    public Result run(double atol, double rtol) {
        String name = dir.getFileName().toString();
        try (MemoryScope scope = MemoryScope.open(); GradMode.Guard noGrad = GradMode.noGrad()) {
            OnnxModel model = OnnxImporter.load(dir.resolve("model.onnx"));
            model.eval();
            List<Path> sets = dataSets();
            if (sets.isEmpty()) {
                return new Result(name, false, Double.NaN, 0, "no test_data_set_* directory");
            }
            double worst = 0;
            for (Path set : sets) {
                Map<String, Tensor> feeds = new LinkedHashMap<>();
                List<Path> ins = numbered(set, "input_");
                if (ins.size() != model.inputs().size()) {
                    return new Result(name, false, Double.NaN, sets.size(), set.getFileName() + " has " + ins.size()
                            + " inputs, the model takes " + model.inputs().size());
                }
                for (int i = 0; i < ins.size(); i++) {
                    OnnxTensors.Named t = OnnxTensors.read(ins.get(i));
                    feeds.put(model.inputs().get(i).name(), t.tensor());
                }
                Map<String, Tensor> out = model.run(feeds);
                List<Path> expected = numbered(set, "output_");
                List<Tensor> actual = new ArrayList<>(out.values());
                if (expected.size() > actual.size()) {
                    return new Result(name, false, Double.NaN, sets.size(), set.getFileName() + " expects "
                            + expected.size() + " outputs, the model has " + actual.size());
                }
                for (int i = 0; i < expected.size(); i++) {
                    Tensor want = OnnxTensors.read(expected.get(i)).tensor();
                    Tensor got = actual.get(i);
                    if (!want.shape().equals(got.shape())) {
                        return new Result(name, false, Double.NaN, sets.size(), set.getFileName() + " output " + i
                                + ": shape " + got.shape() + ", expected " + want.shape());
                    }
                    double[] w = want.toDoubleArray();
                    double[] g = got.toDoubleArray();
                    for (int k = 0; k < w.length; k++) {
                        double d = Math.abs(g[k] - w[k]);
                        if (!(d <= atol + rtol * Math.abs(w[k])) && !(Double.isNaN(w[k]) && Double.isNaN(g[k]))) {
                            return new Result(name, false, d, sets.size(), set.getFileName() + " output " + i
                                    + " element " + k + ": " + g[k] + ", expected " + w[k]);
                        }
                        worst = Math.max(worst, d);
                    }
                }
            }
            return new Result(name, true, worst, sets.size(), "");
        } catch (OnnxException e) {
            return new Result(name, false, Double.NaN, 0, e.getMessage());
        }
    }

    private List<Path> dataSets() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().startsWith("test_data_set_")).sorted()
                    .toList();
        } catch (IOException e) {
            throw new OnnxException("onnx test: cannot list '" + dir + "': " + e.getMessage(), e);
        }
    }

    private static List<Path> numbered(Path set, String prefix) {
        List<Path> files = new ArrayList<>();
        for (int i = 0; Files.isRegularFile(set.resolve(prefix + i + ".pb")); i++) {
            files.add(set.resolve(prefix + i + ".pb"));
        }
        return files;
    }
}
