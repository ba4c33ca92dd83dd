package dev.neurite.backend.nd4j;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.Backend;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.UnaryOp;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reused buffers must never be visible through a handle that is still open. */
class BufferPoolTest {
    private final Backend cpu = new Nd4jBackend("test", () -> "the plain nd4j-native build");

    @Test
    void aClosedArraysBufferIsReusedForTheSameSize() {
        Shape s = Shape.of(37, 41);
        NdArray a = cpu.full(s, 1, DType.FLOAT32);
        a.close();
        long pooled = BufferPool.instance().pooledBytes();
        assertTrue(pooled >= 37 * 41 * 4, "the freed buffer went to the pool");
        NdArray b = cpu.full(s, 2, DType.FLOAT32);
        assertEquals(pooled - 37 * 41 * 4, BufferPool.instance().pooledBytes());
        assertEquals(2, cpu.toFloats(b)[0]);
        b.close();
    }

    @Test
    void aViewKeepsItsStorageOutOfThePool() {
        NdArray base = cpu.fromFloats(new float[]{1, 2, 3, 4, 5, 6}, Shape.of(2, 3));
        NdArray view = cpu.reshape(base, Shape.of(3, 2));
        base.close();
        // Allocate and overwrite arrays of the same size: none may land on the view's memory.
        for (int i = 0; i < 4; i++) {
            cpu.full(Shape.of(6), -1, DType.FLOAT32);
            cpu.unary(UnaryOp.NEG, cpu.full(Shape.of(2, 3), 9, DType.FLOAT32));
        }
        assertArrayEquals(new float[]{1, 2, 3, 4, 5, 6}, cpu.toFloats(view));
        view.close();
    }

    @Test
    void poolIsBounded() {
        BufferPool small = new BufferPool(1024);
        org.nd4j.linalg.api.buffer.DataBuffer big = small.take(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1000);
        small.give(big);
        assertEquals(0, small.pooledBytes(), "a buffer larger than the capacity is freed, not kept");
    }

    @Test
    void drainingFreesEverythingPooled() {
        BufferPool pool = new BufferPool(1L << 20);
        pool.give(pool.take(org.nd4j.linalg.api.buffer.DataType.FLOAT, 100));
        pool.give(pool.take(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 50));
        assertEquals(800, pool.pooledBytes());
        assertEquals(800, pool.drain());
        assertEquals(0, pool.pooledBytes());
        assertEquals(0, pool.drain(), "nothing left to free");
    }

    @Test
    void theDefaultBoundLeavesHalfTheOffHeapLimitToLiveArrays() {
        long limit = org.bytedeco.javacpp.Pointer.maxBytes();
        long bound = BufferPool.defaultCapacity();
        assertTrue(bound >= 1L << 30, "at least 1 GiB, got " + bound);
        if (limit >= 2L << 30) {
            assertTrue(bound <= limit / 2, "at most half of the limit " + limit + ", got " + bound);
        }
    }
}
