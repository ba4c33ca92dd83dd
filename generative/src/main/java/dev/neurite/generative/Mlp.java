package dev.neurite.generative;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Sequential;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.init.Initializers;

import java.util.function.Supplier;

/**
 * Multilayer perceptrons as {@link Sequential}s of {@link Dense} layers with an activation between them (none after
 * the last), the building block of the generative models' encoders, decoders, generators and critics. A Sequential
 * saves and loads through the registry, so these need no type of their own.
 */
public final class Mlp {
    private Mlp() {
    }

    /**
     * {@code sizes[0] -> sizes[1] -> ... -> sizes[last]}; {@code activation} supplies a fresh layer after every
     * Dense but the last. Seeds are drawn from {@code generator}, so the same generator state gives the same weights.
     */
    public static Sequential of(long[] sizes, Supplier<? extends Layer> activation, DType dtype, Generator generator) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("mlp: expected at least 2 sizes (input and output), got " + sizes.length);
        }
        Sequential s = new Sequential();
        for (int i = 0; i + 1 < sizes.length; i++) {
            s.add(new Dense(sizes[i], sizes[i + 1], true, Initializers.pytorchDefault(), Initializers.pytorchDefault(),
                    dtype, dev.neurite.layers.core.Seeds.next(generator)));
            if (i + 2 < sizes.length) {
                s.add(activation.get());
            }
        }
        return s;
    }

    /** {@code first}, then {@code middle}, then {@code last} as one size array. */
    public static long[] sizes(long first, long[] middle, long last) {
        long[] r = new long[middle.length + 2];
        r[0] = first;
        System.arraycopy(middle, 0, r, 1, middle.length);
        r[r.length - 1] = last;
        return r;
    }
}
