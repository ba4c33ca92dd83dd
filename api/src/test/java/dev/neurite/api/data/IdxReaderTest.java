package dev.neurite.api.data;

import dev.neurite.api.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxReaderTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void roundTripsImagesAndLabels(boolean gzip) throws IOException {
        byte[] pixels = new byte[3 * 2 * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 11);
        }
        Path images = IdxFiles.write(dir.resolve("images"), new int[]{3, 2, 4}, pixels, gzip);
        Path labels = IdxFiles.write(dir.resolve("labels"), new int[]{3}, new byte[]{2, 0, 1}, gzip);

        IdxReader.Contents c = IdxReader.read(images);
        assertArrayEquals(new int[]{3, 2, 4}, c.dims());
        assertArrayEquals(pixels, c.values());

        InMemoryDataset d = IdxReader.readDataset(images, labels, 3);
        assertEquals(3, d.size());
        assertEquals(Shape.of(1, 2, 4), d.exampleShape());
        float[] second = d.example(1);
        for (int i = 0; i < 8; i++) {
            assertEquals(((8 + i) * 11 & 0xff) / 255f, second[i]);
        }
        assertEquals(2, d.label(0));
        assertEquals(1, d.label(2));
    }

    @Test
    void unsignedBytesMapToTheUnitInterval() throws IOException {
        Path f = IdxFiles.write(dir.resolve("f"), new int[]{3}, new byte[]{0, (byte) 128, (byte) 255}, false);
        assertArrayEquals(new float[]{0f, 128 / 255f, 1f}, IdxReader.read(f).toUnitFloats());
        assertArrayEquals(new long[]{0, 128, 255}, IdxReader.read(f).toLongs());
    }

    @Test
    void reportsDamagedFilesByName() throws IOException {
        Path badMagic = Files.write(dir.resolve("bad-magic"), new byte[]{1, 2, 8, 1, 0, 0, 0, 0});
        expect(badMagic, "not an IDX file (magic number 0x01020801");
        Path floats = Files.write(dir.resolve("floats"), new byte[]{0, 0, 0x0D, 1, 0, 0, 0, 0});
        expect(floats, "IDX element type 0x0d is not supported");
        expect(Files.write(dir.resolve("short"), new byte[]{0, 0}), "too short for the IDX magic number");
        expect(Files.write(dir.resolve("dims"), new byte[]{0, 0, 8, 3, 0, 0, 0, 1}), "announces 3 dimensions but ends after 1");
        byte[] full = IdxFiles.bytes(new int[]{10, 4}, new byte[40], false);
        expect(Files.write(dir.resolve("truncated"), Arrays.copyOf(full, full.length - 5)),
                "truncated: dimensions [10, 4] need 40 values, file has 35");
        expect(Files.write(dir.resolve("long"), Arrays.copyOf(full, full.length + 1)), "unexpected data after the 40 values");
        byte[] gz = IdxFiles.bytes(new int[]{10, 4}, new byte[40], true);
        expect(Files.write(dir.resolve("truncated.gz"), Arrays.copyOf(gz, gz.length - 12)), "corrupt gzip data");
        Path missing = dir.resolve("missing.gz");
        FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> IdxReader.read(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void datasetChecksCountsAndLabelRange() throws IOException {
        Path images = IdxFiles.write(dir.resolve("i"), new int[]{2, 2, 2}, new byte[8], false);
        Path three = IdxFiles.write(dir.resolve("l3"), new int[]{3}, new byte[3], false);
        Path big = IdxFiles.write(dir.resolve("lbig"), new int[]{2}, new byte[]{0, 10}, false);
        assertMessage(() -> IdxReader.readDataset(images, three, 10), "holds 2 images but");
        assertMessage(() -> IdxReader.readDataset(images, big, 10), "label 10 of example 1 is outside [0, 10)");
        assertMessage(() -> IdxReader.readDataset(three, three, 10), "expected images of rank >= 2");
        assertMessage(() -> IdxReader.readDataset(images, images, 10), "expected labels of rank 1");
    }

    private static void expect(Path file, String fragment) {
        IOException e = assertThrows(IOException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    private interface IoCall {
        void run() throws IOException;
    }

    private static void assertMessage(IoCall call, String fragment) {
        IOException e = assertThrows(IOException.class, call::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
