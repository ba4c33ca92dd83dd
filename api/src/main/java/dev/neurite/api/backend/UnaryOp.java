package dev.neurite.api.backend;

/** Elementwise unary primitives every backend implements. */
public enum UnaryOp {
    NEG, ABS, SIGN, EXP, LOG, LOG1P, SQRT, SQUARE, RECIPROCAL,
    TANH, SIGMOID, RELU, SOFTPLUS, ERF, SIN, COS, FLOOR, CEIL, ROUND
}
