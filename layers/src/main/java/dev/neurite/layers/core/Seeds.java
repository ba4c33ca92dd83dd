package dev.neurite.layers.core;

import dev.neurite.api.Generator;

/** Seeds drawn from a Generator for layers that record their seed in their config (shared by every layer package). */
public final class Seeds {
    private Seeds() {
    }

    /**
     * The next seed, kept to 53 bits: configs are saved as JSON, and many JSON readers hold every number as a
     * double, which would silently round a full 64-bit seed and so change the rebuilt layer's weights.
     */
    public static long next(Generator generator) {
        return generator.nextSeed() >>> 11;
    }
}
