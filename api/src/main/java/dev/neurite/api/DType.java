package dev.neurite.api;

/** Element types a tensor can hold. float32 is the default; float64 exists for gradient checks. */
public enum DType {
    FLOAT32("float32", 4, true),
    FLOAT64("float64", 8, true),
    INT32("int32", 4, false),
    INT64("int64", 8, false),
    BOOL("bool", 1, false);

    private final String id;
    private final int byteSize;
    private final boolean floating;

    DType(String id, int byteSize, boolean floating) {
        this.id = id;
        this.byteSize = byteSize;
        this.floating = floating;
    }

    /** The lower-case name used in files and messages, e.g. {@code float32}. */
    public String id() {
        return id;
    }

    public int byteSize() {
        return byteSize;
    }

    public boolean isFloatingPoint() {
        return floating;
    }

    public static DType fromId(String id) {
        for (DType t : values()) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown dtype '" + id + "'; expected one of float32, float64, int32, int64, bool");
    }

    /** The type two operands are promoted to, following PyTorch: floating beats integer beats bool, wider beats narrower. */
    public static DType promote(DType a, DType b) {
        if (a == b) {
            return a;
        }
        if (a.floating != b.floating) {
            return a.floating ? a : b;
        }
        if (a == BOOL) {
            return b;
        }
        if (b == BOOL) {
            return a;
        }
        return a.byteSize >= b.byteSize ? a : b;
    }

    @Override
    public String toString() {
        return id;
    }
}
