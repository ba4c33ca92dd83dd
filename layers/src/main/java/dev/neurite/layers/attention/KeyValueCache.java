package dev.neurite.layers.attention;

import dev.neurite.api.Tensor;

/**
 * The projected keys and values an attention layer keeps between calls while decoding incrementally, per head
 * ({@code [batch, heads, source, head_dim]}). A {@linkplain #growing() growing} cache (decoder self-attention)
 * appends each call's new keys and values and attends over all of them; a {@linkplain #fixed() fixed} cache
 * (cross-attention over an encoder's memory) projects the memory on the first call and reuses it afterwards.
 * Used by one layer and one sequence batch at a time.
 */
public final class KeyValueCache {
    private final boolean fixed;
    private Tensor keys;
    private Tensor values;

    private KeyValueCache(boolean fixed) {
        this.fixed = fixed;
    }

    public static KeyValueCache growing() {
        return new KeyValueCache(false);
    }

    public static KeyValueCache fixed() {
        return new KeyValueCache(true);
    }

    public boolean isFixed() {
        return fixed;
    }

    /** Positions cached so far. */
    public long length() {
        return keys == null ? 0 : keys.size(2);
    }

    /** Forgets everything (a new sequence batch). */
    public void clear() {
        keys = null;
        values = null;
    }

    boolean isEmpty() {
        return keys == null;
    }

    Tensor keys() {
        return keys;
    }

    Tensor values() {
        return values;
    }

    /** Appends (growing) or stores (fixed, first call) the new per-head keys and values. */
    void update(Tensor newKeys, Tensor newValues) {
        if (keys == null || fixed) {
            keys = newKeys;
            values = newValues;
        } else {
            if (newKeys.size(0) != keys.size(0)) {
                throw new IllegalArgumentException("key-value cache: holds a batch of " + keys.size(0) + ", got " + newKeys.size(0)
                        + "; clear() it for a new batch");
            }
            keys = Tensor.concat(java.util.List.of(keys, newKeys), 2);
            values = Tensor.concat(java.util.List.of(values, newValues), 2);
        }
    }
}
