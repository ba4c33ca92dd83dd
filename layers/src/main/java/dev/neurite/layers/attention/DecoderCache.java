package dev.neurite.layers.attention;

import java.util.ArrayList;
import java.util.List;

/**
 * The key-value caches of every layer of a {@link TransformerDecoder} for incremental decoding: a growing one per
 * layer for self-attention, a fixed one for cross-attention over the memory. Start a new one (or {@link #clear()})
 * for each batch of sequences.
 */
public final class DecoderCache {
    private final List<KeyValueCache> self = new ArrayList<>();
    private final List<KeyValueCache> cross = new ArrayList<>();

    public DecoderCache(int layers) {
        for (int i = 0; i < layers; i++) {
            self.add(KeyValueCache.growing());
            cross.add(KeyValueCache.fixed());
        }
    }

    /** Target positions decoded so far. */
    public long length() {
        return self.get(0).length();
    }

    public int layers() {
        return self.size();
    }

    public KeyValueCache selfAttention(int layer) {
        return self.get(layer);
    }

    public KeyValueCache crossAttention(int layer) {
        return cross.get(layer);
    }

    public void clear() {
        self.forEach(KeyValueCache::clear);
        cross.forEach(KeyValueCache::clear);
    }
}
