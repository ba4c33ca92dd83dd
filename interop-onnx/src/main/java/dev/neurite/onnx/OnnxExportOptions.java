package dev.neurite.onnx;

/**
 * How {@link OnnxExporter} writes a model: the opset (13 by default, 13 to 17 allowed), whether the batch dimension
 * is symbolic ({@code batch}), the names of a single-input model's input and output, and whether decoder
 * self-attention is exported with the causal target mask.
 *
 * @param causalDecoder whether {@code TransformerDecoderLayer}, {@code TransformerDecoder} and {@code Transformer}
 *                      are written as their forward with {@code tgt_mask = AttentionMasks.causal(tgt_len)} (the way
 *                      decoders are trained, PyTorch's {@code tgt_is_causal}) instead of their mask-free
 *                      {@code forward(List.of(tgt, memory))}; the mask is built in the graph from the target length
 */
public record OnnxExportOptions(int opset, boolean dynamicBatch, String inputName, String outputName, String graphName,
                                boolean causalDecoder) {
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

    public OnnxExportOptions(int opset, boolean dynamicBatch, String inputName, String outputName, String graphName) {
        this(opset, dynamicBatch, inputName, outputName, graphName, false);
    }

    /** Opset 13, dynamic batch, {@code input} and {@code output}, decoders as their mask-free forward. */
    public static OnnxExportOptions defaults() {
        return new OnnxExportOptions(13, true, "input", "output", "neurite", false);
    }

    public OnnxExportOptions withOpset(int opset) {
        return new OnnxExportOptions(opset, dynamicBatch, inputName, outputName, graphName, causalDecoder);
    }

    public OnnxExportOptions withDynamicBatch(boolean dynamic) {
        return new OnnxExportOptions(opset, dynamic, inputName, outputName, graphName, causalDecoder);
    }

    public OnnxExportOptions withNames(String input, String output) {
        return new OnnxExportOptions(opset, dynamicBatch, input, output, graphName, causalDecoder);
    }

    public OnnxExportOptions withCausalDecoder(boolean causal) {
        return new OnnxExportOptions(opset, dynamicBatch, inputName, outputName, graphName, causal);
    }
}
