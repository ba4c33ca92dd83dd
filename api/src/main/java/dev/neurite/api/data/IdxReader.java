package dev.neurite.api.data;

import dev.neurite.api.Shape;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: a magic number {@code 0x0000TTNN} (element type TT,
 * rank NN), NN big-endian int32 dimensions, then the elements. Gzip-compressed files are recognised by their
 * content, not their name. Only unsigned bytes (type {@code 0x08}) are supported; that is what image and label
 * files hold.
 */
public final class IdxReader {
    private static final int UNSIGNED_BYTE = 0x08;
    private static final float[] UNIT = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            UNIT[i] = i / 255f;
        }
    }

    /** An IDX file's dimensions and elements. */
    public record Contents(int[] dims, byte[] values) {
        /** Elements as floats in [0, 1] (pixel / 255). */
        public float[] toUnitFloats() {
            float[] r = new float[values.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = UNIT[values[i] & 0xff];
            }
            return r;
        }

        public long[] toLongs() {
            long[] r = new long[values.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = values[i] & 0xff;
            }
            return r;
        }
    }

    private IdxReader() {
    }

    /** Reads an IDX file of unsigned bytes, gzip-compressed or not. */
    public static Contents read(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(open(file), 1 << 16)) {
            InputStream in = isGzip(raw) ? new GZIPInputStream(raw, 1 << 16) : raw;
            return read(file, new DataInputStream(in));
        } catch (ZipException | EOFException e) {
            throw new IOException(file + ": corrupt gzip data (" + e.getMessage() + ")", e);
        }
    }

    /**
     * An image file ({@code [n, rows, cols]}, or any rank >= 2) and its label file ({@code [n]}) as a dataset with
     * features in [0, 1] and examples of shape {@code [1, rows, cols]} (channels first).
     */
    public static InMemoryDataset readDataset(Path images, Path labels, int numClasses) throws IOException {
        Contents x = read(images);
        Contents y = read(labels);
        if (x.dims().length < 2) {
            throw new IOException(images + ": expected images of rank >= 2 ([count, rows, cols]), got dimensions "
                    + Arrays.toString(x.dims()));
        }
        if (y.dims().length != 1) {
            throw new IOException(labels + ": expected labels of rank 1 ([count]), got dimensions " + Arrays.toString(y.dims()));
        }
        if (x.dims()[0] != y.dims()[0]) {
            throw new IOException(images + " holds " + x.dims()[0] + " images but " + labels + " holds " + y.dims()[0] + " labels");
        }
        long[] labelValues = y.toLongs();
        for (int i = 0; i < labelValues.length; i++) {
            if (labelValues[i] >= numClasses) {
                throw new IOException(labels + ": label " + labelValues[i] + " of example " + i + " is outside [0, " + numClasses + ")");
            }
        }
        long[] example = new long[x.dims().length];
        example[0] = 1;
        for (int i = 1; i < example.length; i++) {
            example[i] = x.dims()[i];
        }
        return new InMemoryDataset(x.toUnitFloats(), Shape.of(example), labelValues, numClasses);
    }

    private static InputStream open(Path file) throws IOException {
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new FileNotFoundException(file + ": no such file");
        }
    }

    private static boolean isGzip(InputStream in) throws IOException {
        in.mark(2);
        int a = in.read();
        int b = in.read();
        in.reset();
        return a == 0x1f && b == 0x8b;
    }

    private static Contents read(Path file, DataInputStream in) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new IOException(file + ": truncated: " + magic.length + " bytes, too short for the IDX magic number");
        }
        int type = magic[2] & 0xff;
        int rank = magic[3] & 0xff;
        if (magic[0] != 0 || magic[1] != 0 || rank == 0) {
            throw new IOException(file + ": not an IDX file (magic number " + hex(magic) + "; expected 0x0000TTNN "
                    + "with element type TT and rank NN > 0)");
        }
        if (type != UNSIGNED_BYTE) {
            throw new IOException(file + ": IDX element type 0x" + String.format("%02x", type)
                    + " is not supported; Neurite reads unsigned bytes (0x08)");
        }
        byte[] dimBytes = in.readNBytes(4 * rank);
        if (dimBytes.length < 4 * rank) {
            throw new IOException(file + ": truncated: the header announces " + rank + " dimensions but ends after "
                    + dimBytes.length / 4);
        }
        int[] dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = ((dimBytes[4 * i] & 0xff) << 24) | ((dimBytes[4 * i + 1] & 0xff) << 16)
                    | ((dimBytes[4 * i + 2] & 0xff) << 8) | (dimBytes[4 * i + 3] & 0xff);
            if (dims[i] < 0) {
                throw new IOException(file + ": invalid dimension " + Integer.toUnsignedString(dims[i]) + " at position " + i);
            }
            count *= dims[i];
            if (count > Integer.MAX_VALUE - 8) {
                throw new IOException(file + ": dimensions " + Arrays.toString(Arrays.copyOf(dims, i + 1))
                        + "... hold more values than one Java array can");
            }
        }
        byte[] values = in.readNBytes((int) count);
        if (values.length < count) {
            throw new IOException(file + ": truncated: dimensions " + Arrays.toString(dims) + " need " + count
                    + " values, file has " + values.length);
        }
        if (in.read() >= 0) {
            throw new IOException(file + ": unexpected data after the " + count + " values of dimensions " + Arrays.toString(dims));
        }
        return new Contents(dims, values);
    }

    private static String hex(byte[] b) {
        return String.format("0x%02x%02x%02x%02x", b[0], b[1], b[2], b[3]);
    }
}
