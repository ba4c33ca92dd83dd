package dev.neurite.api.io;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Backend;
import dev.neurite.api.backend.Backends;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format byte for byte as
 * Hugging Face's library does: an 8-byte little-endian header length, a JSON header padded with spaces to 8-byte
 * alignment, then the tensors' little-endian data back to back. Files written here load with
 * {@code safetensors.torch.load_file} and vice versa.
 */
public final class Safetensors {
    /** Data moves through a buffer of this size, so a tensor is never boxed and never copied whole twice. */
    private static final int CHUNK_BYTES = 1 << 22;

    private Safetensors() {
    }

    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        write(file, tensors, Map.of());
    }

    /** Writes atomically (see {@link AtomicFiles}): on failure no partial file is left behind. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, DType> dtypes = new LinkedHashMap<>();
        Map<String, Shape> shapes = new LinkedHashMap<>();
        tensors.forEach((name, t) -> {
            dtypes.put(name, t.dtype());
            shapes.put(name, t.shape());
        });
        SafetensorsHeader header = SafetensorsHeader.layout(file.toString(), dtypes, shapes, metadata);
        byte[] json = header.toBytes();
        AtomicFiles.write(file, channel -> {
            ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).flip();
            AtomicFiles.writeFully(channel, prefix);
            AtomicFiles.writeFully(channel, ByteBuffer.wrap(json));
            ByteBuffer chunk = newChunk();
            for (SafetensorsHeader.Entry e : header.entries()) {
                TensorCodec.write(channel, chunk, tensors.get(e.name()));
            }
        });
    }

    /** Every tensor of the file, in data order, created on the current backend. */
    public static Map<String, Tensor> read(Path file) throws IOException {
        Backend backend = Backends.current();
        try (FileChannel channel = open(file)) {
            SafetensorsHeader header = readHeader(file, channel);
            long dataStart = channel.size() - header.dataBytes();
            ByteBuffer chunk = newChunk();
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            try {
                for (SafetensorsHeader.Entry e : header.entries()) {
                    tensors.put(e.name(), TensorCodec.read(channel, dataStart + e.begin(), chunk, e, backend, file));
                }
            } catch (IOException | RuntimeException ex) {
                tensors.values().forEach(Tensor::close);
                throw ex;
            }
            return tensors;
        }
    }

    /** The validated header alone: names, dtypes, shapes and metadata, without reading any data. */
    public static SafetensorsHeader readHeader(Path file) throws IOException {
        try (FileChannel channel = open(file)) {
            return readHeader(file, channel);
        }
    }

    private static FileChannel open(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file + ": no such file", e);
        }
    }

    private static SafetensorsHeader readHeader(Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw new CheckpointException(file + ": truncated: " + size + " bytes, too short for the 8-byte header length");
        }
        ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, prefix, 0, file);
        long headerBytes = prefix.flip().getLong();
        if (headerBytes < 0 || headerBytes > SafetensorsHeader.MAX_HEADER_BYTES) {
            throw new CheckpointException(file + ": header length " + Long.toUnsignedString(headerBytes) + " exceeds the "
                    + SafetensorsHeader.MAX_HEADER_BYTES + "-byte limit; this is not a safetensors file");
        }
        if (headerBytes > size - 8) {
            throw new CheckpointException(file + ": truncated: header length is " + headerBytes + " bytes, file has "
                    + (size - 8) + " after the length");
        }
        ByteBuffer json = ByteBuffer.allocate((int) headerBytes);
        readFully(channel, json, 8, file);
        return SafetensorsHeader.parse(file.toString(), json.array(), size - 8 - headerBytes);
    }

    static ByteBuffer newChunk() {
        return ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Fills {@code buffer} from {@code position}; the file ending early means it changed while being read. */
    static void readFully(FileChannel channel, ByteBuffer buffer, long position, Path file) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new CheckpointException(file + ": truncated: unexpected end of file at byte " + position);
            }
            position += n;
        }
    }
}
