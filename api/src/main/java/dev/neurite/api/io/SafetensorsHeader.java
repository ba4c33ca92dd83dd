package dev.neurite.api.io;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON header of a safetensors file: for each tensor its dtype, shape and byte range in the data section, plus
 * optional string metadata. {@link #parse} applies the checks of Hugging Face's {@code safetensors} library, so a
 * file accepted here is accepted there and vice versa.
 */
public final class SafetensorsHeader {
    /** Larger headers are refused, as by the Python library: such a length prefix means the file is not safetensors. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    static final String METADATA_KEY = "__metadata__";

    /** Known safetensors dtype names Neurite has no tensor type for, named in errors. */
    private static final List<String> UNSUPPORTED = List.of("F16", "BF16", "U8", "I8", "I16", "U16", "U32", "U64",
            "F8_E4M3", "F8_E5M2", "F8_E8M0", "F6_E2M3", "F6_E3M2", "F4", "C64");

    /** One tensor's place in the data section; offsets are relative to its start. */
    public record Entry(String name, DType dtype, Shape shape, long begin, long end) {
        public long byteCount() {
            return end - begin;
        }
    }

    private final List<Entry> entries;
    private final Map<String, String> metadata;

    private SafetensorsHeader(List<Entry> entries, Map<String, String> metadata) {
        this.entries = Collections.unmodifiableList(entries);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /** Tensors in data order. */
    public List<Entry> entries() {
        return entries;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** Size of the data section the entries describe. */
    public long dataBytes() {
        return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).end();
    }

    /** The safetensors name of a dtype, e.g. {@code F32}. */
    public static String dtypeName(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "F32";
            case FLOAT64 -> "F64";
            case INT32 -> "I32";
            case INT64 -> "I64";
            case BOOL -> "BOOL";
        };
    }

    /**
     * Lays out tensors as the Rust core of the Python library does: by its dtype order (I64, F64, F32, I32, BOOL;
     * which keeps every tensor aligned to its element size) descending, then by name, back to back.
     */
    static SafetensorsHeader layout(String file, Map<String, DType> dtypes, Map<String, Shape> shapes, Map<String, String> metadata) {
        List<String> names = new ArrayList<>(dtypes.keySet());
        names.sort(Comparator.comparingInt((String n) -> -libraryOrder(dtypes.get(n))).thenComparing(Comparator.naturalOrder()));
        List<Entry> entries = new ArrayList<>();
        long offset = 0;
        for (String name : names) {
            if (name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException(file + ": '" + METADATA_KEY + "' is reserved and cannot name a tensor");
            }
            Shape shape = shapes.get(name);
            long bytes = byteCount(file, name, shape, dtypes.get(name));
            entries.add(new Entry(name, dtypes.get(name), shape, offset, offset + bytes));
            offset += bytes;
        }
        // Sorted, so the same content always gives the same bytes (and checksum).
        return new SafetensorsHeader(entries, new TreeMap<>(metadata));
    }

    /** Position in the library's {@code Dtype} enum, whose order its writer sorts by. */
    private static int libraryOrder(DType dtype) {
        return switch (dtype) {
            case BOOL -> 0;
            case INT32 -> 9;
            case FLOAT32 -> 11;
            case FLOAT64 -> 12;
            case INT64 -> 13;
        };
    }

    /** The header as written: compact JSON padded with spaces so the data section starts 8-byte aligned. */
    byte[] toBytes() {
        Map<String, Object> json = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            json.put(METADATA_KEY, metadata);
        }
        for (Entry e : entries) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", dtypeName(e.dtype()));
            info.put("shape", e.shape().toArray());
            info.put("data_offsets", new long[]{e.begin(), e.end()});
            json.put(e.name(), info);
        }
        byte[] text = Json.write(json).getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(text, padded);
        Arrays.fill(out, text.length, padded, (byte) ' ');
        return out;
    }

    /**
     * Parses and validates a header.
     *
     * @param file      named in every error
     * @param json      the header bytes (after the 8-byte length)
     * @param dataBytes how many bytes follow the header in the file
     */
    public static SafetensorsHeader parse(String file, byte[] json, long dataBytes) throws CheckpointException {
        Map<String, Object> root;
        try {
            root = Json.parseObject(json);
        } catch (JsonException e) {
            throw new CheckpointException(file + ": the header is not valid JSON (" + e.getMessage() + ")", e);
        }
        Map<String, String> metadata = metadata(file, root.get(METADATA_KEY));
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> e : root.entrySet()) {
            if (!e.getKey().equals(METADATA_KEY)) {
                entries.add(entry(file, e.getKey(), e.getValue()));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        checkLayout(file, entries, dataBytes);
        return new SafetensorsHeader(entries, metadata);
    }

    private static Map<String, String> metadata(String file, Object value) throws CheckpointException {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (value == null) {
            return metadata;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new CheckpointException(file + ": '" + METADATA_KEY + "' must be an object of strings, got " + Json.kind(value));
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new CheckpointException(file + ": metadata '" + e.getKey() + "' must be a string, got " + Json.kind(e.getValue()));
            }
            metadata.put((String) e.getKey(), s);
        }
        return metadata;
    }

    private static Entry entry(String file, String name, Object value) throws CheckpointException {
        String where = file + ": tensor '" + name + "'";
        if (!(value instanceof Map<?, ?> info)) {
            throw new CheckpointException(where + " must be an object with dtype, shape and data_offsets, got " + Json.kind(value));
        }
        DType dtype = dtype(where, info.get("dtype"));
        long[] shape = longs(where, "shape", info.get("shape"), -1);
        long[] offsets = longs(where, "data_offsets", info.get("data_offsets"), 2);
        if (offsets[1] < offsets[0]) {
            throw new CheckpointException(where + ": data_offsets " + Arrays.toString(offsets) + " end before they begin");
        }
        Shape s = Shape.of(shape);
        long expected;
        try {
            expected = byteCount(file, name, s, dtype);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(e.getMessage(), e);
        }
        if (offsets[1] - offsets[0] != expected) {
            throw new CheckpointException(where + ": data_offsets " + Arrays.toString(offsets) + " span "
                    + (offsets[1] - offsets[0]) + " bytes, but shape " + s + " of " + dtypeName(dtype) + " needs " + expected);
        }
        return new Entry(name, dtype, s, offsets[0], offsets[1]);
    }

    private static DType dtype(String where, Object value) throws CheckpointException {
        if (!(value instanceof String name)) {
            throw new CheckpointException(where + ": dtype must be a string, got " + Json.kind(value));
        }
        for (DType t : DType.values()) {
            if (dtypeName(t).equals(name)) {
                return t;
            }
        }
        if (UNSUPPORTED.contains(name)) {
            throw new CheckpointException(where + ": dtype " + name + " is not supported; Neurite reads F32, F64, I32, I64 and BOOL");
        }
        throw new CheckpointException(where + ": unknown dtype '" + name + "'");
    }

    private static long[] longs(String where, String key, Object value, int length) throws CheckpointException {
        if (!(value instanceof List<?> list) || (length >= 0 && list.size() != length)) {
            throw new CheckpointException(where + ": " + key + " must be an array of " + (length >= 0 ? length + " " : "")
                    + "non-negative integers, got " + (value instanceof List<?> l ? l.size() + " values" : Json.kind(value)));
        }
        long[] r = new long[list.size()];
        for (int i = 0; i < r.length; i++) {
            if (!(list.get(i) instanceof Long v) || v < 0) {
                throw new CheckpointException(where + ": " + key + " must hold non-negative integers, got " + list);
            }
            r[i] = v;
        }
        return r;
    }

    /** Bytes a tensor occupies; refuses what a Java array cannot hold. */
    private static long byteCount(String file, String name, Shape shape, DType dtype) {
        long elements = 1;
        for (long d : shape.toArray()) {
            try {
                elements = Math.multiplyExact(elements, d);
            } catch (ArithmeticException e) {
                elements = Long.MAX_VALUE;
            }
        }
        if (elements > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(file + ": tensor '" + name + "' of shape " + shape
                    + " has too many elements for one Java array (" + (elements == Long.MAX_VALUE ? "overflow" : elements) + ")");
        }
        return elements * dtype.byteSize();
    }

    private static void checkLayout(String file, List<Entry> entries, long dataBytes) throws CheckpointException {
        long last = entries.isEmpty() ? 0 : entries.stream().mapToLong(Entry::end).max().getAsLong();
        if (last > dataBytes) {
            throw new CheckpointException(file + ": truncated: header says " + last + " data bytes, file has " + dataBytes);
        }
        long expectedBegin = 0;
        Entry previous = null;
        for (Entry e : entries) {
            if (e.begin() < expectedBegin) {
                throw new CheckpointException(file + ": tensor '" + e.name() + "' data_offsets [" + e.begin() + ", " + e.end()
                        + "] overlap tensor '" + previous.name() + "' [" + previous.begin() + ", " + previous.end() + "]");
            }
            if (e.begin() > expectedBegin) {
                throw new CheckpointException(file + ": " + (e.begin() - expectedBegin) + " unused bytes at offset "
                        + expectedBegin + " before tensor '" + e.name() + "' (the data section must be contiguous)");
            }
            expectedBegin = e.end();
            previous = e;
        }
        if (dataBytes > last) {
            throw new CheckpointException(file + ": " + (dataBytes - last) + " bytes after the last tensor's data ("
                    + "header describes " + last + " data bytes, file has " + dataBytes + ")");
        }
    }
}
