package dev.neurite.api.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheTargetAndLeavesNoTempFile() throws IOException {
        Path f = dir.resolve("sub/file.txt");
        AtomicFiles.writeString(f, "first");
        AtomicFiles.writeString(f, "second");
        assertEquals("second", Files.readString(f));
        assertEquals(List.of("file.txt"), names(f.getParent()));
    }

    @Test
    void aFailedWriteKeepsTheOldContentAndRemovesTheTempFile() throws IOException {
        Path f = dir.resolve("file.txt");
        AtomicFiles.writeString(f, "old");
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> AtomicFiles.write(f, channel -> {
            AtomicFiles.writeFully(channel, ByteBuffer.wrap("partial".getBytes()));
            throw boom;
        }));
        assertSame(boom, thrown);
        assertEquals("old", Files.readString(f));
        assertEquals(List.of("file.txt"), names(dir));
        assertThrows(IOException.class, () -> AtomicFiles.write(dir.resolve("new.txt"), channel -> {
            throw new IOException("disk full");
        }));
        assertEquals(List.of("file.txt"), names(dir));
    }

    @Test
    void sha256MatchesTheKnownDigest() throws IOException {
        Path f = dir.resolve("abc");
        Files.writeString(f, "abc");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256.of(f));
        assertEquals(Sha256.of(f), Sha256.of("abc".getBytes()));
    }

    private static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
