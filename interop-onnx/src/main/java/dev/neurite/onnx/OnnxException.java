package dev.neurite.onnx;

/**
 * An ONNX model or tensor file that cannot be read, imported, run or exported; the message says which file, node,
 * operator or tensor, and what was expected and found. A subclass of {@link IllegalArgumentException}, as Neurite's
 * other bad-input errors.
 */
public class OnnxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public OnnxException(String message) {
        super(message);
    }

    public OnnxException(String message, Throwable cause) {
        super(message, cause);
    }
}
