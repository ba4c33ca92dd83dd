package dev.neurite.rl;

import dev.neurite.api.Generator;

/** The integers {@code 0 .. n-1}: a finite set of actions or states (Gymnasium's {@code Discrete(n)}). */
public record Discrete(int n) implements Space<Integer> {
    public Discrete {
        if (n < 1) {
            throw new IllegalArgumentException("Discrete: expected at least 1 element, got " + n);
        }
    }

    @Override
    public boolean contains(Integer value) {
        return value != null && value >= 0 && value < n;
    }

    @Override
    public Integer sample(Generator generator) {
        return generator.nextInt(n);
    }

    @Override
    public String toString() {
        return "Discrete(" + n + ")";
    }
}
