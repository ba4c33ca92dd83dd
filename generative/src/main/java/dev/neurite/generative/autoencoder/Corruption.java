package dev.neurite.generative.autoencoder;

import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Distribution;

import java.util.Locale;

/**
 * The input noise of a denoising autoencoder (Vincent et al. 2008): the model sees the corrupted input and is asked
 * for the clean one. {@code gaussian(s)} adds N(0, s^2) noise; {@code masking(p)} sets each value to 0 with
 * probability p; {@code none()} trains a plain autoencoder.
 */
public record Corruption(Kind kind, double level) {
    /** The kind of noise. */
    public enum Kind { NONE, GAUSSIAN, MASKING }

    public Corruption {
        if (kind == Kind.GAUSSIAN && !(level >= 0) || kind == Kind.MASKING && !(level >= 0 && level < 1)) {
            throw new IllegalArgumentException("corruption: " + kind.name().toLowerCase(Locale.ROOT) + " level must be "
                    + (kind == Kind.MASKING ? "in [0, 1)" : ">= 0") + ", got " + level);
        }
    }

    public static Corruption none() {
        return new Corruption(Kind.NONE, 0);
    }

    public static Corruption gaussian(double std) {
        return new Corruption(Kind.GAUSSIAN, std);
    }

    public static Corruption masking(double probability) {
        return new Corruption(Kind.MASKING, probability);
    }

    /** Parses {@code none}, {@code gaussian:0.3} or {@code masking:0.25} (the CLI's form). */
    public static Corruption parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("none")) {
            return none();
        }
        int colon = t.indexOf(':');
        try {
            if (colon > 0) {
                double level = Double.parseDouble(t.substring(colon + 1));
                switch (t.substring(0, colon)) {
                    case "gaussian":
                        return gaussian(level);
                    case "masking":
                        return masking(level);
                    default:
                        break;
                }
            }
        } catch (NumberFormatException e) {
            // reported below with the expected forms
        }
        throw new IllegalArgumentException("corruption: expected none, gaussian:STD or masking:P, got '" + text + "'");
    }

    /** The corrupted copy of {@code x}; the same seed gives the same noise. */
    public Tensor apply(Tensor x, long seed) {
        Shape shape = x.shape();
        return switch (kind) {
            case NONE -> x;
            case GAUSSIAN -> x.add(Tensor.random(shape, x.dtype(), Distribution.NORMAL, 0, level, seed));
            case MASKING -> x.mul(Tensor.random(shape, x.dtype(), Distribution.BERNOULLI, 1 - level, 0, seed));
        };
    }

    @Override
    public String toString() {
        return kind == Kind.NONE ? "none" : kind.name().toLowerCase(Locale.ROOT) + ":" + level;
    }
}
