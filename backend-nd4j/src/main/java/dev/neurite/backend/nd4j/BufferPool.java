package dev.neurite.backend.nd4j;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Off-heap buffers kept for reuse, by dtype and length. Allocating and freeing through ND4J costs tens of
 * microseconds for small arrays and hundreds for a megabyte (measured: 0.43 ms for 1 MB), more than most ops
 * themselves; a training step allocates the same sizes every time, so after the first step every allocation is
 * a pool hit and resident memory stays flat. Bounded: past {@link #capacityBytes} freed buffers are released.
 *
 * <p>The default bound is half of JavaCPP's off-heap limit (which defaults to {@code -Xmx}), at least 1 GiB: a
 * Transformer step's working set is well over 1 GiB, and a pool smaller than the working set turns most allocations
 * of every step into fresh ones (measured: a 4-layer encoder step took 2.4 s with 1 GiB and 1.45 s with 4 GiB).
 * Because pooled buffers count against that limit, an allocation refused for lack of memory first empties the pool
 * and tries again, so pooling never causes an out-of-memory error that would not happen without it.
 *
 * <p>Only buffers this pool allocated come back to it; others (made inside ND4J) are freed, or a size that is
 * never asked for again would fill the pool.
 */
final class BufferPool {
    /** {@code -Dneurite.nd4j.poolBytes=N} caps the bytes kept for reuse (0 disables pooling). */
    static final String CAPACITY_PROPERTY = "neurite.nd4j.poolBytes";
    private static final long MIN_DEFAULT_CAPACITY = 1L << 30;
    private static final BufferPool INSTANCE = new BufferPool(Long.getLong(CAPACITY_PROPERTY, defaultCapacity()));

    private record Key(DataType type, long length) {
    }

    private final Map<Key, ConcurrentLinkedDeque<DataBuffer>> free = new ConcurrentHashMap<>();
    /** Native addresses of the buffers this pool allocated and has not freed. */
    private final Set<Long> owned = ConcurrentHashMap.newKeySet();
    private final AtomicLong pooledBytes = new AtomicLong();
    private final long capacityBytes;

    BufferPool(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    static BufferPool instance() {
        return INSTANCE;
    }

    /** A buffer of {@code length > 0} elements with garbage contents: reused if one is free, else newly allocated. */
    DataBuffer take(DataType type, long length) {
        ConcurrentLinkedDeque<DataBuffer> q = free.get(new Key(type, length));
        DataBuffer b = q == null ? null : q.pollFirst();
        if (b != null) {
            pooledBytes.addAndGet(-bytes(b));
            return b;
        }
        DataBuffer fresh;
        try {
            fresh = Nd4j.getDataBufferFactory().create(type, length, false);
        } catch (OutOfMemoryError e) {
            if (drain() == 0) {
                throw e;
            }
            fresh = Nd4j.getDataBufferFactory().create(type, length, false);
        }
        owned.add(fresh.addressPointer().address());
        return fresh;
    }

    /** Frees every pooled buffer; returns the bytes released. */
    long drain() {
        long released = 0;
        for (ConcurrentLinkedDeque<DataBuffer> q : free.values()) {
            for (DataBuffer b = q.pollFirst(); b != null; b = q.pollFirst()) {
                long size = bytes(b);
                pooledBytes.addAndGet(-size);
                owned.remove(b.addressPointer().address());
                b.close();
                released += size;
            }
        }
        return released;
    }

    static long defaultCapacity() {
        long limit = org.bytedeco.javacpp.Pointer.maxBytes();
        if (limit <= 0) {
            limit = org.bytedeco.javacpp.Pointer.totalPhysicalBytes() / 2;
        }
        return Math.max(MIN_DEFAULT_CAPACITY, limit / 2);
    }

    /** Keeps {@code b} for reuse, or frees it when the pool is full. The caller must hold the last reference. */
    void give(DataBuffer b) {
        long size = bytes(b);
        if (b.addressPointer() == null) {
            b.close();
            return;
        }
        long address = b.addressPointer().address();
        if (!owned.contains(address)) {
            b.close();
            return;
        }
        if (pooledBytes.addAndGet(size) <= capacityBytes) {
            free.computeIfAbsent(new Key(b.dataType(), b.length()), k -> new ConcurrentLinkedDeque<>()).offerFirst(b);
            return;
        }
        pooledBytes.addAndGet(-size);
        owned.remove(address);
        b.close();
    }

    long capacityBytes() {
        return capacityBytes;
    }

    long pooledBytes() {
        return pooledBytes.get();
    }

    private static long bytes(DataBuffer b) {
        return b.length() * b.getElementSize();
    }
}
