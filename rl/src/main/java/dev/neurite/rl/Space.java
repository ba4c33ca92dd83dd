package dev.neurite.rl;

import dev.neurite.api.Generator;

/** A set of observations or actions (Gymnasium's {@code Space}): membership, seeded sampling and a readable name. */
public interface Space<T> {
    boolean contains(T value);

    /** A uniformly random member (for a box with infinite bounds: a standard normal draw on those axes). */
    T sample(Generator generator);

    /** Throws an IllegalArgumentException naming {@code operation}, this space and {@code value} unless it is a member. */
    default T require(String operation, T value) {
        if (value == null || !contains(value)) {
            throw new IllegalArgumentException(operation + ": expected a value in " + this + ", got " + describe(value));
        }
        return value;
    }

    /** How {@code value} reads in error messages. */
    default String describe(T value) {
        return String.valueOf(value);
    }
}
