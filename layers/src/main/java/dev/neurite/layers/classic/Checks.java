package dev.neurite.layers.classic;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;

/** Argument checks shared by the estimators, so their messages name the operation, the expectation and the value. */
final class Checks {
    private Checks() {
    }

    static void matrix(String op, String what, Tensor t) {
        if (t.rank() != 2 || !t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected " + what + " as a floating-point matrix [rows, features], got "
                    + t.dtype() + " of shape " + t.shape());
        }
        if (t.size(0) < 1) {
            throw new IllegalArgumentException(op + ": expected at least one row in " + what + ", got shape " + t.shape());
        }
    }

    static void features(String op, Tensor x, long expected) {
        matrix(op, "X", x);
        if (x.size(1) != expected) {
            throw new IllegalArgumentException(op + ": expected " + expected + " features (as fitted), got shape " + x.shape());
        }
    }

    /** Class labels as an int64 vector with one entry per row, each in [0, classes) when classes > 0. */
    static long[] labels(String op, Tensor labels, long rows, int classes) {
        if (labels.dtype() != DType.INT64 || labels.rank() != 1 || labels.size(0) != rows) {
            throw new IllegalArgumentException(op + ": expected int64 labels of shape [" + rows + "], got " + labels.dtype()
                    + " of shape " + labels.shape());
        }
        long[] values = labels.toLongArray();
        for (long v : values) {
            if (v < 0 || classes > 0 && v >= classes) {
                throw new IllegalArgumentException(op + ": expected labels in [0, " + (classes > 0 ? classes : "inf")
                        + "), got " + v);
            }
        }
        return values;
    }

    static void fitted(String op, Object state) {
        if (state == null) {
            throw new IllegalStateException(op + ": call fit first");
        }
    }
}
