package dev.neurite.onnx;

/**
 * How {@link OnnxExporter} writes a model: the opset (13 by default, 13 to 17 allowed), whether the batch dimension
 * is symbolic ({@code batch}), and the names of a single-input model's input and output.
 */
public record OnnxExportOptions(int opset, boolean dynamicBatch, String inputName, String outputName, String graphName) {
    /** The oldest opset the exporter writes. */
    public static final int MIN_OPSET = 13;
    /** The newest opset the exporter writes. */
    public static final int MAX_OPSET = 17;

    public OnnxExportOptions {
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new OnnxException("onnx export: opset must be between " + MIN_OPSET + " and " + MAX_OPSET + ", got " + opset);
        }
        if (inputName == null || inputName.isEmpty() || outputName == null || outputName.isEmpty()
                || inputName.equals(outputName)) {
            throw new OnnxException("onnx export: input and output names must be non-empty and differ, got '" + inputName
                    + "' and '" + outputName + "'");
        }
    }

    /** Opset 13, dynamic batch, {@code input} and {@code output}. */
    public static OnnxExportOptions defaults() {
        return new OnnxExportOptions(13, true, "input", "output", "neurite");
    }

    public OnnxExportOptions withOpset(int opset) {
        return new OnnxExportOptions(opset, dynamicBatch, inputName, outputName, graphName);
    }

    public OnnxExportOptions withDynamicBatch(boolean dynamic) {
        return new OnnxExportOptions(opset, dynamic, inputName, outputName, graphName);
    }

    public OnnxExportOptions withNames(String input, String output) {
        return new OnnxExportOptions(opset, dynamicBatch, input, output, graphName);
    }
}
