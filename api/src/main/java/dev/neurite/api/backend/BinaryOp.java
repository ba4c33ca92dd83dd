package dev.neurite.api.backend;

/** Elementwise binary primitives with NumPy broadcasting. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAX, MIN
}
