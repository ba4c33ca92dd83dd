package dev.neurite.rl.deep;

import dev.neurite.api.Generator;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A fixed-capacity ring of experience: once full, each new item overwrites the oldest. Sampling draws a batch
 * uniformly without replacement, which breaks the correlation of consecutive steps that would otherwise make the
 * training data of an online agent far from i.i.d.
 */
public final class ReplayBuffer<T> {
    private final Object[] items;
    private int next;
    private int size;
    private long added;

    public ReplayBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("ReplayBuffer: expected a capacity >= 1, got " + capacity);
        }
        this.items = new Object[capacity];
    }

    public void add(T item) {
        items[next] = item;
        next = (next + 1) % items.length;
        size = Math.min(size + 1, items.length);
        added++;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return items.length;
    }

    /** Items ever added, including those overwritten since. */
    public long added() {
        return added;
    }

    /** The stored item at age order {@code i}: 0 is the oldest still held. */
    @SuppressWarnings("unchecked")
    public T get(int i) {
        if (i < 0 || i >= size) {
            throw new IllegalArgumentException("ReplayBuffer.get: expected an index in 0.." + (size - 1) + ", got " + i);
        }
        int oldest = size < items.length ? 0 : next;
        return (T) items[(oldest + i) % items.length];
    }

    /**
     * {@code batch} distinct stored items, uniformly at random: Floyd's subset sampling, {@code batch} draws whatever
     * the capacity.
     */
    public List<T> sample(int batch, Generator generator) {
        if (batch < 1 || batch > size) {
            throw new IllegalArgumentException("ReplayBuffer.sample: expected a batch size in 1.." + size + " (the items held), got "
                    + batch);
        }
        Set<Integer> chosen = new LinkedHashSet<>();
        for (int j = size - batch; j < size; j++) {
            int t = generator.nextInt(j + 1);
            chosen.add(chosen.contains(t) ? j : t);
        }
        List<T> out = new ArrayList<>(batch);
        for (int i : chosen) {
            out.add(get(i));
        }
        return out;
    }
}
