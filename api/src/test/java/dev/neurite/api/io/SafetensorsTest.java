package dev.neurite.api.io;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Backends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsTest {
    @TempDir
    Path dir;

    static final float[] FLOATS = {0f, -0f, 1.5f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN,
            Float.NEGATIVE_INFINITY, 0.1f, -3.25e-20f, 7f, 8f, 9f};
    static final double[] DOUBLES = {Math.PI, -1e300, Double.POSITIVE_INFINITY, Double.MIN_VALUE};
    static final long[] LONGS = {1L << 52, -123456789012345L, 0, 42};
    static final long[] INTS = {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE};
    static final long[] BOOLS = {1, 0, 0, 1, 1, 0};

    /** One tensor of every dtype, a scalar and an empty one. */
    static Map<String, Tensor> sample() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("layer.weight", Tensor.of(FLOATS, 3, 4));
        m.put("layer.bias", Tensor.of(DType.FLOAT64, DOUBLES, 2, 2));
        m.put("step", Tensor.ofLongs(new long[]{7}));
        m.put("big", Tensor.ofLongs(LONGS, 4));
        m.put("index", Tensor.wrap(Backends.current().fromLongs(INTS, Shape.of(4), DType.INT32)));
        m.put("mask", Tensor.wrap(Backends.current().fromLongs(BOOLS, Shape.of(2, 3), DType.BOOL)));
        m.put("scalar", Tensor.of(new float[]{2.5f}));
        m.put("empty", Tensor.of(new float[0], 0, 5));
        return m;
    }

    static void assertSameTensors(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(new java.util.TreeSet<>(expected.keySet()), new java.util.TreeSet<>(actual.keySet()));
        expected.forEach((name, e) -> {
            Tensor a = actual.get(name);
            assertEquals(e.dtype(), a.dtype(), name);
            assertEquals(e.shape(), a.shape(), name);
            switch (e.dtype()) {
                case FLOAT32 -> assertArrayEquals(e.toFloatArray(), a.toFloatArray(), name);
                case FLOAT64 -> assertArrayEquals(e.toDoubleArray(), a.toDoubleArray(), name);
                default -> assertArrayEquals(e.toLongArray(), a.toLongArray(), name);
            }
        });
    }

    @Test
    void roundTripsEveryDtypeBitForBit() throws IOException {
        Map<String, Tensor> sample = sample();
        Path f = dir.resolve("sample.safetensors");
        Safetensors.write(f, sample, Map.of("format", "pt", "note", "ünïcode"));
        Map<String, Tensor> back = Safetensors.read(f);
        assertSameTensors(sample, back);
        assertEquals(List.of("big", "step", "layer.bias", "empty", "layer.weight", "scalar", "index", "mask"), List.copyOf(back.keySet()));
        assertEquals(Map.of("format", "pt", "note", "ünïcode"), Safetensors.readHeader(f).metadata());
        long headerLength = java.nio.ByteBuffer.wrap(Files.readAllBytes(f), 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8);
        assertEquals(8 + headerLength + Safetensors.readHeader(f).dataBytes(), Files.size(f));
    }

    @Test
    void multiMegabyteTensorsRoundTrip() throws IOException {
        float[] values = new float[4 << 20];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.25f;
        }
        Path f = dir.resolve("big.safetensors");
        Safetensors.write(f, Map.of("w", Tensor.of(values, 1024, 4096)));
        assertArrayEquals(values, Safetensors.read(f).get("w").toFloatArray());
        assertEquals(16L << 20, Safetensors.readHeader(f).dataBytes());
    }

    @Test
    void aFailedWriteLeavesNoFileAndKeepsTheOldOne() throws IOException {
        Path f = dir.resolve("model.safetensors");
        Safetensors.write(f, Map.of("a", Tensor.of(new float[]{1, 2})));
        byte[] before = Files.readAllBytes(f);
        Map<String, Tensor> broken = new LinkedHashMap<>(sample());
        Tensor closed = Tensor.of(new float[]{3, 4});
        closed.close();
        broken.put("closed", closed);
        assertThrows(RuntimeException.class, () -> Safetensors.write(f, broken));
        assertArrayEquals(before, Files.readAllBytes(f));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList());
        }
    }

    @Test
    void readsTheFilesOfTheLibrarysOwnTests() throws IOException {
        // The serialized bytes asserted in the Rust library's test_serialization.
        byte[] header = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}".getBytes();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + header.length + 24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        for (int i = 0; i < 6; i++) {
            b.putFloat(i);
        }
        Path f = Files.write(dir.resolve("attn.safetensors"), b.array());
        Tensor t = Safetensors.read(f).get("attn.0");
        assertEquals(Shape.of(1, 2, 3), t.shape());
        assertArrayEquals(new float[]{0, 1, 2, 3, 4, 5}, t.toFloatArray());
        Path mine = dir.resolve("mine.safetensors");
        Safetensors.write(mine, Map.of("attn.0", t));
        assertArrayEquals(b.array(), Files.readAllBytes(mine));
    }
}
