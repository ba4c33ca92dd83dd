package dev.neurite.generative.diffusion;

import dev.neurite.api.Tensor;

import java.util.List;

/** Checks shared by the denoisers: they take {@code [x_t, t]} with {@code t} the steps {@code [N]}. */
final class Denoisers {
    private Denoisers() {
    }

    static void checkInputs(String type, List<Tensor> inputs, int rank) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException(type + ": expected 2 inputs [x_t, t], got " + inputs.size());
        }
        Tensor x = inputs.get(0);
        Tensor t = inputs.get(1);
        if (x.rank() != rank || t.rank() != 1 || t.size(0) != x.size(0)) {
            throw new IllegalArgumentException(type + ": expected x_t of rank " + rank + " and steps t [" + x.size(0)
                    + "], got " + x.shape() + " and " + t.shape());
        }
    }

    static Tensor silu(Tensor x) {
        return x.mul(x.sigmoid());
    }

    static Tensor steps(Tensor t, Tensor like) {
        return t.dtype() == like.dtype() ? t : t.cast(like.dtype());
    }
}
