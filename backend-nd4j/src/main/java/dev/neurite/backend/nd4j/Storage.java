package dev.neurite.backend.nd4j;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reference-counted ND4J buffer shared by an array and its views. The off-heap memory is freed when the last
 * handle onto it closes, so closing a base never invalidates a view and vice versa.
 *
 * <p>ND4J's own {@code INDArray.close()} cannot be used for this: it refuses views, and a permuted array is not
 * flagged as a view yet frees the shared buffer. So this holds the root buffer and frees that directly.
 */
final class Storage {
    private final DataBuffer root;
    private final AtomicInteger refs = new AtomicInteger(1);

    private Storage(DataBuffer root) {
        this.root = root;
    }

    /** Storage owning the root buffer behind {@code array}, with one reference. */
    static Storage of(INDArray array) {
        // Empty arrays have no buffer at all.
        return new Storage(array.data() == null ? null : root(array.data()));
    }

    /** Whether {@code array} reads from this storage's memory (a view of it). */
    boolean backs(INDArray array) {
        if (root == null || array.data() == null) {
            return false;
        }
        return root(array.data()).addressPointer().address() == root.addressPointer().address();
    }

    void retain() {
        int n;
        do {
            n = refs.get();
            if (n <= 0) {
                throw new IllegalStateException("ND4J backend: storage is already released");
            }
        } while (!refs.compareAndSet(n, n + 1));
    }

    void release() {
        if (refs.decrementAndGet() == 0 && root != null && root.closeable()) {
            BufferPool.instance().give(root);
        }
    }

    /** More than one handle reads this memory, so writing through one would change the others. */
    boolean shared() {
        return refs.get() > 1;
    }

    private static DataBuffer root(DataBuffer b) {
        DataBuffer current = b;
        while (true) {
            DataBuffer parent = current.originalDataBuffer();
            if (parent == null) {
                parent = current.underlyingDataBuffer();
            }
            if (parent == null || parent == current) {
                return current;
            }
            current = parent;
        }
    }
}
