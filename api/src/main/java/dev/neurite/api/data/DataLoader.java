package dev.neurite.api.data;

import dev.neurite.api.Generator;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Cuts a {@link Dataset} into batches, epoch after epoch:
 * <pre>{@code
 * try (DataLoader loader = DataLoader.builder(train).batchSize(128).shuffle(42).build()) {
 *     for (int epoch = 0; epoch < epochs; epoch++) {
 *         for (Batch batch : loader.epoch(epoch)) { ... }
 *     }
 * }
 * }</pre>
 * The order of an epoch depends only on the seed and the epoch number, so a resumed run sees the same batches.
 * A daemon thread assembles the next batches' arrays (and applies the {@link Transform}) while the consumer
 * works; the tensors are created on the consuming thread, in its {@link dev.neurite.api.MemoryScope}. One epoch
 * runs at a time: starting the next closes the previous one.
 */
public final class DataLoader implements AutoCloseable {
    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final int prefetch;
    private final Transform transform;
    private final boolean releaseBatches;
    private BatchStream active;
    private boolean closed;

    private DataLoader(Builder b) {
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.dropLast = b.dropLast;
        this.prefetch = b.prefetch;
        this.transform = b.transform;
        this.releaseBatches = b.releaseBatches;
    }

    public static Builder builder(Dataset dataset) {
        return new Builder(dataset);
    }

    public Dataset dataset() {
        return dataset;
    }

    public int batchSize() {
        return batchSize;
    }

    public int batchesPerEpoch() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The order in which {@code epoch} visits the examples (the dataset's order when not shuffling). */
    public int[] order(int epoch) {
        if (!shuffle) {
            int[] identity = new int[dataset.size()];
            for (int i = 0; i < identity.length; i++) {
                identity[i] = i;
            }
            return identity;
        }
        return new Generator(Seeds.mix(seed, epoch)).permutation(dataset.size());
    }

    /** The batches of {@code epoch} as tensors. */
    public synchronized Epoch<Batch> epoch(int epoch) {
        return open(epoch, Batch::of, releaseBatches ? Batch::close : b -> { });
    }

    /** The batches of {@code epoch} as Java arrays, without touching a backend. */
    public synchronized Epoch<BatchArrays> arrays(int epoch) {
        return open(epoch, Function.identity(), a -> { });
    }

    private <T> Epoch<T> open(int epoch, Function<BatchArrays, T> convert, Consumer<T> release) {
        if (closed) {
            throw new IllegalStateException("DataLoader: closed");
        }
        if (active != null) {
            active.close();
        }
        BatchStream source = new BatchSource(dataset, order(epoch), batchSize, batchesPerEpoch(), transform, Seeds.mix(seed, epoch));
        active = prefetch > 0 ? new Prefetcher(source, prefetch) : source;
        return new Epoch<>(active, convert, release);
    }

    /** Stops the prefetch thread of the current epoch, if any; the loader cannot be used afterwards. */
    @Override
    public synchronized void close() {
        closed = true;
        if (active != null) {
            active.close();
            active = null;
        }
    }

    public static final class Builder {
        private final Dataset dataset;
        private int batchSize = 32;
        private boolean shuffle;
        private long seed;
        private boolean dropLast;
        private int prefetch = 2;
        private Transform transform;
        private boolean releaseBatches = true;

        private Builder(Dataset dataset) {
            this.dataset = dataset;
        }

        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("DataLoader: batchSize must be >= 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Visits the examples in a new random order each epoch, reproducible from {@code seed}. */
        public Builder shuffle(long seed) {
            this.shuffle = true;
            this.seed = seed;
            return this;
        }

        /** Skips the last batch of an epoch when it is smaller than the batch size. */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** How many batches the background thread may prepare ahead; 0 assembles each batch on demand. Default 2. */
        public Builder prefetch(int batches) {
            if (batches < 0) {
                throw new IllegalArgumentException("DataLoader: prefetch must be >= 0, got " + batches);
            }
            this.prefetch = batches;
            return this;
        }

        public Builder transform(Transform transform) {
            this.transform = transform;
            return this;
        }

        /**
         * Whether the loader closes each batch's tensors when the next batch is fetched or the epoch ends (default
         * true), so a training loop's memory stays flat without the garbage collector. Turn it off to keep
         * batches beyond the next fetch; the caller then closes them.
         */
        public Builder releaseBatches(boolean release) {
            this.releaseBatches = release;
            return this;
        }

        public DataLoader build() {
            return new DataLoader(this);
        }
    }
}
