package dev.neurite.api.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files of unsigned bytes for tests. */
final class IdxFiles {
    private IdxFiles() {
    }

    static byte[] bytes(int[] dims, byte[] values, boolean gzip) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (OutputStream sink = gzip ? new GZIPOutputStream(buffer) : buffer;
             DataOutputStream out = new DataOutputStream(sink)) {
            out.writeInt(0x0800 | dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(values);
        }
        return buffer.toByteArray();
    }

    static Path write(Path file, int[] dims, byte[] values, boolean gzip) throws IOException {
        return Files.write(file, bytes(dims, values, gzip));
    }
}
