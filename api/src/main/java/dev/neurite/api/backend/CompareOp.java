package dev.neurite.api.backend;

/** Elementwise comparisons with broadcasting; results are {@code bool}. */
public enum CompareOp {
    EQ, NE, LT, LE, GT, GE
}
