package dev.neurite.api.io;

/** Malformed JSON text, with the 1-based line and column where reading stopped. */
public final class JsonException extends IllegalArgumentException {
    private final int line;
    private final int column;

    public JsonException(String message, int line, int column) {
        super("JSON error at line " + line + ", column " + column + ": " + message);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
