package dev.neurite.onnx;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The registry of ONNX operators the importer runs (default domain, opsets {@value #MIN_OPSET} to
 * {@value #MAX_OPSET}); {@link #markdownTable()} renders it as {@code docs/onnx-ops.md}.
 */
public final class OnnxOperators {
    /** The oldest default-domain opset an imported model may declare. */
    public static final int MIN_OPSET = 9;
    /** The newest default-domain opset an imported model may declare. */
    public static final int MAX_OPSET = 17;

    /** One supported operator: its ONNX name, a category for the table and what is (not) covered. */
    public record Operator(String name, String category, String notes) {
    }

    private record Entry(Operator info, OnnxOp op) {
    }

    private static final Map<String, Entry> REGISTRY = build();

    private OnnxOperators() {
    }

    private static Map<String, Entry> build() {
        Map<String, Entry> m = new TreeMap<>();
        Registration r = (name, category, notes, op) -> {
            if (m.put(name, new Entry(new Operator(name, category, notes), op)) != null) {
                throw new IllegalStateException("ONNX operator registered twice: " + name);
            }
        };
        ElementwiseOps.register(r);
        NeuralOps.register(r);
        ShapeOps.register(r);
        RecurrentOps.register(r);
        return Collections.unmodifiableMap(m);
    }

    /** How the op families add themselves. */
    @FunctionalInterface
    interface Registration {
        void add(String name, String category, String notes, OnnxOp op);
    }

    static OnnxOp find(String opType) {
        Entry e = REGISTRY.get(opType);
        return e == null ? null : e.op();
    }

    /** Every supported operator, sorted by name. */
    public static List<Operator> supported() {
        return REGISTRY.values().stream().map(Entry::info).toList();
    }

    /** Whether the importer runs {@code opType} of the default domain. */
    public static boolean isSupported(String opType) {
        return REGISTRY.containsKey(opType);
    }

    /** The operator table of {@code docs/onnx-ops.md}, generated from this registry. */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("# ONNX operators supported by the importer\n\n");
        sb.append("Generated from `dev.neurite.onnx.OnnxOperators` (regenerate with `neurite onnx ops --markdown`;\n");
        sb.append("a test checks that this file is up to date). Default domain, opsets ").append(MIN_OPSET).append(" to ")
                .append(MAX_OPSET).append(".\n");
        sb.append("Every operator runs as Neurite tensor operations, so imported models are differentiable and run on\n");
        sb.append("whichever backend is discovered.\n\n");
        Map<String, List<Operator>> byCategory = new TreeMap<>();
        for (Operator o : supported()) {
            byCategory.computeIfAbsent(o.category(), k -> new ArrayList<>()).add(o);
        }
        sb.append("| operator | category | notes |\n|---|---|---|\n");
        byCategory.forEach((c, ops) -> ops.forEach(o -> sb.append("| `").append(o.name()).append("` | ").append(c)
                .append(" | ").append(o.notes()).append(" |\n")));
        sb.append("\n").append(supported().size()).append(" operators.\n");
        return sb.toString();
    }
}
