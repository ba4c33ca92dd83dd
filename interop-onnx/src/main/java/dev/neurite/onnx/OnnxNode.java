package dev.neurite.onnx;

import java.util.List;

/** A node of an imported graph: its operator, its value names (empty string: an absent optional input) and attributes. */
record OnnxNode(String name, String opType, List<String> inputs, List<String> outputs, Attributes attributes,
                OnnxOp op) {
    String describe() {
        return "node '" + name + "' (" + opType + ")";
    }
}
