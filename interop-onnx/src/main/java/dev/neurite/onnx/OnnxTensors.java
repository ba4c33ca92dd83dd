package dev.neurite.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.neurite.api.Tensor;
import dev.neurite.onnx.proto.OnnxProto.TensorProto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Tensors as serialized ONNX {@code TensorProto} files ({@code input_0.pb}), as ONNX's backend tests keep them. */
public final class OnnxTensors {
    private OnnxTensors() {
    }

    /** A tensor with the name it is stored under (may be empty). */
    public record Named(String name, Tensor tensor) {
    }

    /** Reads one {@code TensorProto} file. */
    public static Named read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new OnnxException("onnx: cannot read tensor file '" + file + "': " + e.getMessage(), e);
        }
        TensorProto t;
        try {
            t = TensorProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxException("onnx: '" + file + "' is not a TensorProto file: " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        return new Named(t.getName(), TensorProtos.decode(t, dir));
    }

    /** Serialized {@code TensorProto} bytes of {@code tensor} under {@code name}. */
    public static byte[] toBytes(String name, Tensor tensor) {
        return TensorProtos.encode(name, tensor).toByteArray();
    }

    /** Writes {@code tensor} as a {@code TensorProto} file atomically (a temporary file renamed into place). */
    public static void write(Path file, String name, Tensor tensor) {
        writeAtomically(file, toBytes(name, tensor));
    }

    static void writeAtomically(Path file, byte[] bytes) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new OnnxException("onnx: cannot write '" + file + "': " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the rename succeeded or the write failed; either way nothing more can be done
                }
            }
        }
    }
}
