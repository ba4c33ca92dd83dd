package dev.neurite.api;

import java.util.SplittableRandom;

/** A seeded source of seeds for random tensors, so a whole run is reproducible from one number. */
public final class Generator {
    private final SplittableRandom random;

    public Generator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public long nextSeed() {
        return random.nextLong();
    }

    public double nextDouble() {
        return random.nextDouble();
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** A Fisher-Yates permutation of {@code 0..n-1}. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
