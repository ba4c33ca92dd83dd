package dev.neurite.api.backend;

/** Random distributions: NORMAL(a = mean, b = std), UNIFORM(a = low, b = high), BERNOULLI(a = p of 1). */
public enum Distribution {
    NORMAL, UNIFORM, BERNOULLI
}
