package dev.neurite.layers.graph;

import dev.neurite.api.Tensor;

import java.util.Arrays;
import java.util.Locale;

/** The permutation-invariant reductions a {@link MessagePassing} layer (or a {@link GlobalPool}) applies per group. */
public enum Aggregation {
    SUM, MEAN, MAX;

    public Tensor apply(Tensor src, GroupIndex groups) {
        return switch (this) {
            case SUM -> Scatter.sum(src, groups);
            case MEAN -> Scatter.mean(src, groups);
            case MAX -> Scatter.max(src, groups);
        };
    }

    /** The lower-case id used in configs, PyG's {@code aggr} ("sum", "mean", "max"; "add" is an alias of "sum"). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Aggregation fromId(String id) {
        if ("add".equals(id)) {
            return SUM;
        }
        for (Aggregation a : values()) {
            if (a.id().equals(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException("aggregation: expected one of " + Arrays.stream(values()).map(Aggregation::id).toList()
                + ", got '" + id + "'");
    }
}
