package dev.neurite.api.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One pass over a {@link DataLoader}'s batches, usable once in a for-each loop. Closing it (or its loader, or
 * starting the loader's next epoch) stops the prefetch thread early.
 */
public final class Epoch<T> implements Iterable<T>, Iterator<T>, AutoCloseable {
    private final BatchStream source;
    private final Function<BatchArrays, T> convert;
    private final Consumer<T> release;
    private T current;

    Epoch(BatchStream source, Function<BatchArrays, T> convert, Consumer<T> release) {
        this.source = source;
        this.convert = convert;
        this.release = release;
    }

    /** This epoch itself: it can be iterated once. */
    @Override
    public Iterator<T> iterator() {
        return this;
    }

    @Override
    public boolean hasNext() {
        boolean more = source.hasNext();
        if (!more) {
            releaseCurrent();
        }
        return more;
    }

    /** The next batch; the previous one is released first when the loader releases batches. */
    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("DataLoader: the epoch has no more batches");
        }
        releaseCurrent();
        current = convert.apply(source.next());
        return current;
    }

    @Override
    public void close() {
        releaseCurrent();
        source.close();
    }

    private void releaseCurrent() {
        if (current != null) {
            release.accept(current);
            current = null;
        }
    }
}
