package dev.neurite.api.io;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Backend;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Moves one tensor's elements between a primitive array and little-endian bytes in a file, a chunk at a time.
 * Bulk buffer views do the byte swapping, so no element is boxed.
 */
final class TensorCodec {
    /** Copies elements {@code [from, from + count)} between an array and the chunk (absolute positions from 0). */
    @FunctionalInterface
    private interface Transfer {
        void apply(ByteBuffer chunk, int from, int count);
    }

    private TensorCodec() {
    }

    static void write(FileChannel channel, ByteBuffer chunk, Tensor tensor) throws IOException {
        DType dtype = tensor.dtype();
        Transfer fill = switch (dtype) {
            case FLOAT32 -> {
                float[] a = tensor.toFloatArray();
                yield (c, from, n) -> c.asFloatBuffer().put(a, from, n);
            }
            case FLOAT64 -> {
                double[] a = tensor.toDoubleArray();
                yield (c, from, n) -> c.asDoubleBuffer().put(a, from, n);
            }
            case INT64 -> {
                long[] a = tensor.toLongArray();
                yield (c, from, n) -> c.asLongBuffer().put(a, from, n);
            }
            case INT32 -> {
                long[] a = tensor.toLongArray();
                yield (c, from, n) -> {
                    for (int i = 0; i < n; i++) {
                        c.putInt(i * 4, (int) a[from + i]);
                    }
                };
            }
            case BOOL -> {
                long[] a = tensor.toLongArray();
                yield (c, from, n) -> {
                    for (int i = 0; i < n; i++) {
                        c.put(i, a[from + i] != 0 ? (byte) 1 : (byte) 0);
                    }
                };
            }
        };
        int count = Math.toIntExact(tensor.numel());
        int size = dtype.byteSize();
        int perChunk = chunk.capacity() / size;
        for (int from = 0; from < count; from += perChunk) {
            int n = Math.min(perChunk, count - from);
            chunk.clear();
            fill.apply(chunk, from, n);
            chunk.limit(n * size);
            AtomicFiles.writeFully(channel, chunk);
        }
    }

    static Tensor read(FileChannel channel, long position, ByteBuffer chunk, SafetensorsHeader.Entry entry,
                       Backend backend, Path file) throws IOException {
        DType dtype = entry.dtype();
        int count = Math.toIntExact(entry.shape().numel());
        float[] floats = dtype == DType.FLOAT32 ? new float[count] : null;
        double[] doubles = dtype == DType.FLOAT64 ? new double[count] : null;
        long[] longs = floats == null && doubles == null ? new long[count] : null;
        Transfer drain = switch (dtype) {
            case FLOAT32 -> (c, from, n) -> c.asFloatBuffer().get(floats, from, n);
            case FLOAT64 -> (c, from, n) -> c.asDoubleBuffer().get(doubles, from, n);
            case INT64 -> (c, from, n) -> c.asLongBuffer().get(longs, from, n);
            case INT32 -> (c, from, n) -> {
                for (int i = 0; i < n; i++) {
                    longs[from + i] = c.getInt(i * 4);
                }
            };
            case BOOL -> (c, from, n) -> {
                for (int i = 0; i < n; i++) {
                    longs[from + i] = c.get(i);
                }
            };
        };
        int size = dtype.byteSize();
        int perChunk = chunk.capacity() / size;
        for (int from = 0; from < count; from += perChunk) {
            int n = Math.min(perChunk, count - from);
            chunk.clear().limit(n * size);
            Safetensors.readFully(channel, chunk, position + (long) from * size, file);
            drain.apply(chunk.flip(), from, n);
        }
        if (floats != null) {
            return Tensor.wrap(backend.fromFloats(floats, entry.shape()));
        }
        if (doubles != null) {
            return Tensor.wrap(backend.fromDoubles(doubles, entry.shape(), dtype));
        }
        return Tensor.wrap(backend.fromLongs(longs, entry.shape(), dtype));
    }
}
