package dev.neurite.api.data;

import java.util.SplittableRandom;

/** Derives independent, well-spread seeds (per epoch, per batch, per image) from one base seed. */
final class Seeds {
    private Seeds() {
    }

    static long mix(long seed, long stream) {
        return new SplittableRandom(seed ^ (stream * 0x9E3779B97F4A7C15L)).nextLong();
    }
}
