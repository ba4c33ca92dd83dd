package dev.neurite.api.data;

import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link BatchSource} on a daemon thread, up to {@code depth} batches ahead of the consumer, so assembling
 * the next batch overlaps the current training step. The thread ends when the epoch is exhausted or on close.
 */
final class Prefetcher implements BatchStream {
    static final String THREAD_NAME = "neurite-data-prefetch";

    private static final Object END = new Object();

    private record Failure(Throwable cause) {
    }

    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private Object peeked;

    Prefetcher(BatchStream source, int depth) {
        this.queue = new ArrayBlockingQueue<>(depth);
        this.thread = new Thread(() -> produce(source, queue), THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
    }

    private static void produce(BatchStream source, BlockingQueue<Object> queue) {
        Object last = END;
        try {
            while (source.hasNext()) {
                queue.put(source.next());
            }
        } catch (InterruptedException e) {
            return; // closed by the consumer
        } catch (RuntimeException | Error e) {
            last = new Failure(e);
        }
        try {
            queue.put(last);
        } catch (InterruptedException e) {
            // closed by the consumer
        }
    }

    @Override
    public boolean hasNext() {
        if (peeked == null) {
            try {
                peeked = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("DataLoader: interrupted while waiting for the next batch", e);
            }
        }
        if (peeked instanceof Failure f) {
            peeked = END;
            throw new IllegalStateException("DataLoader: preparing a batch failed: " + f.cause(), f.cause());
        }
        return peeked != END;
    }

    @Override
    public BatchArrays next() {
        if (!hasNext()) {
            throw new NoSuchElementException("DataLoader: the epoch has no more batches");
        }
        BatchArrays r = (BatchArrays) peeked;
        peeked = null;
        return r;
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.clear();
        peeked = END;
    }
}
