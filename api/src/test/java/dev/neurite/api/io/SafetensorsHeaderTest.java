package dev.neurite.api.io;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsHeaderTest {
    @TempDir
    Path dir;

    @Test
    void readsAValidHeader() throws IOException {
        Path f = file("{\"__metadata__\":{\"format\":\"pt\"},\"b\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[16,20]},"
                + "\"e\":{\"dtype\":\"BOOL\",\"shape\":[0,3],\"data_offsets\":[20,20]}}", 20);
        SafetensorsHeader h = Safetensors.readHeader(f);
        assertEquals(Map.of("format", "pt"), h.metadata());
        assertEquals(List.of(
                new SafetensorsHeader.Entry("b", DType.INT64, Shape.of(2), 0, 16),
                new SafetensorsHeader.Entry("a", DType.FLOAT32, Shape.scalar(), 16, 20),
                new SafetensorsHeader.Entry("e", DType.BOOL, Shape.of(0, 3), 20, 20)), h.entries());
        assertEquals(20, h.dataBytes());
    }

    @Test
    void laysOutLikeThePythonLibrary() {
        Map<String, DType> dtypes = new LinkedHashMap<>();
        Map<String, Shape> shapes = new LinkedHashMap<>();
        put(dtypes, shapes, "z", DType.FLOAT32, Shape.of(3));
        put(dtypes, shapes, "mask", DType.BOOL, Shape.of(2));
        put(dtypes, shapes, "y", DType.FLOAT64, Shape.of(1));
        put(dtypes, shapes, "a", DType.FLOAT32, Shape.of(1, 1));
        put(dtypes, shapes, "idx", DType.INT32, Shape.scalar());
        put(dtypes, shapes, "step", DType.INT64, Shape.of(1));
        SafetensorsHeader h = SafetensorsHeader.layout("t", dtypes, shapes, Map.of("k", "v"));
        byte[] bytes = h.toBytes();
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertEquals("{\"__metadata__\":{\"k\":\"v\"},"
                + "\"step\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"y\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[16,20]},"
                + "\"z\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[20,32]},"
                + "\"idx\":{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[32,36]},"
                + "\"mask\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[36,38]}}", text.stripTrailing());
        assertEquals(0, bytes.length % 8);
        assertTrue(text.substring(text.stripTrailing().length()).chars().allMatch(c -> c == ' '));
        assertEquals(38, h.dataBytes());
    }

    /** Byte vectors from the Rust library's unit tests ({@code test_empty}, {@code test_serialization*}). */
    @Test
    void headersMatchTheLibrarysOwnTestVectors() {
        assertHeader(Map.of(), Map.of(), Map.of(), new byte[]{123, 125, 32, 32, 32, 32, 32, 32});
        assertHeader(Map.of(), Map.of(), Map.of("framework", "pt"),
                "{\"__metadata__\":{\"framework\":\"pt\"}}     ".getBytes(StandardCharsets.UTF_8));
        assertHeader(Map.of("attn.0", DType.FLOAT32), Map.of("attn.0", Shape.of(1, 2, 3)), Map.of(),
                "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}".getBytes(StandardCharsets.UTF_8));
        assertHeader(Map.of("attn0", DType.FLOAT32), Map.of("attn0", Shape.of(1, 1, 2, 3)), Map.of(),
                "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}       ".getBytes(StandardCharsets.UTF_8));
    }

    private static void assertHeader(Map<String, DType> dtypes, Map<String, Shape> shapes, Map<String, String> metadata, byte[] expected) {
        byte[] actual = SafetensorsHeader.layout("t", dtypes, shapes, metadata).toBytes();
        assertEquals(new String(expected, StandardCharsets.UTF_8), new String(actual, StandardCharsets.UTF_8));
        assertEquals(expected.length, actual.length);
    }

    @Test
    void refusesAReservedName() {
        Map<String, DType> dtypes = Map.of("__metadata__", DType.FLOAT32);
        Map<String, Shape> shapes = Map.of("__metadata__", Shape.of(1));
        assertThrows(IllegalArgumentException.class, () -> SafetensorsHeader.layout("t", dtypes, shapes, Map.of()));
    }

    @Test
    void reportsEveryKindOfDamage() throws IOException {
        String ok = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}}";
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[5]);
        expect(tiny, "tiny.safetensors: truncated: 5 bytes, too short for the 8-byte header length");
        expect(raw(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array()),
                "exceeds the 100000000-byte limit; this is not a safetensors file");
        expect(raw(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(100).array()),
                "truncated: header length is 100 bytes, file has 8 after the length");
        expect(file(ok, 20), "truncated: header says 24 data bytes, file has 20");
        expect(file(ok, 30), "6 bytes after the last tensor's data");
        expect(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}", 24),
                "the header is not valid JSON (JSON error at line 1, column 57");
        expect(file("[1]", 0), "not valid JSON (JSON error at line 1, column 1: expected an object at the top level");
        expect(file("{\"a\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "tensor 'a': unknown dtype 'Q7'");
        expect(file("{\"a\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}}", 2),
                "tensor 'a': dtype F16 is not supported; Neurite reads F32, F64, I32, I64 and BOOL");
        expect(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4), "shape must hold non-negative integers");
        expect(file("{\"a\":{\"dtype\":\"F32\",\"shape\":\"2\",\"data_offsets\":[0,4]}}", 4), "shape must be an array");
        expect(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}}", 4), "data_offsets must be an array of 2");
        expect(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,4]}}", 8), "end before they begin");
        expect(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", 20),
                "data_offsets [0, 20] span 20 bytes, but shape [2, 3] of F32 needs 24");
        expect(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16),
                "tensor 'b' data_offsets [8, 16] overlap tensor 'a' [0, 16]");
        expect(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16),
                "8 unused bytes at offset 0 before tensor 'a'");
        expect(file("{\"a\":\"x\"}", 0), "tensor 'a' must be an object");
        expect(file("{\"__metadata__\":{\"k\":1}}", 0), "metadata 'k' must be a string, got an integer");
        expect(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,4]}}", 4),
                "too many elements for one Java array");
        expect(dir.resolve("absent.safetensors"), "absent.safetensors: no such file");
    }

    private static void put(Map<String, DType> dtypes, Map<String, Shape> shapes, String name, DType t, Shape s) {
        dtypes.put(name, t);
        shapes.put(name, s);
    }

    private void expect(Path file, String fragment) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> Safetensors.readHeader(file));
        assertTrue(e.getMessage().startsWith(file.toString() + ":"), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    private int counter;

    private Path raw(byte[] bytes) throws IOException {
        Path f = dir.resolve("f" + counter++ + ".safetensors");
        Files.write(f, bytes);
        return f;
    }

    /** A file with the given header text and {@code dataBytes} zero bytes of data. */
    private Path file(String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json);
        return raw(b.array());
    }
}
