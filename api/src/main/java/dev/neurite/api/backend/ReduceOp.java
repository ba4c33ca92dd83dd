package dev.neurite.api.backend;

/** Reductions over a set of axes. */
public enum ReduceOp {
    SUM, MEAN, MAX, MIN, PROD
}
