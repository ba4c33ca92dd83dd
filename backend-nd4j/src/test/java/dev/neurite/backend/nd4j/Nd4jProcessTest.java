package dev.neurite.backend.nd4j;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One ND4J backend per JVM: the first Neurite backend to load ND4J owns it; a second gets a clear reason. */
class Nd4jProcessTest {
    private static final String CPU = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";
    private static final String CUDA = "org.nd4j.linalg.jcublas.JCublasBackend";

    @Test
    void theFirstBackendOwnsNd4jAndASecondIsToldWhy() {
        ClassLoader loader = Nd4jProcessTest.class.getClassLoader();
        assertNull(Nd4jProcess.load("cpu", CPU, loader), "nd4j-native is on the test class path");
        assertEquals("cpu", Nd4jProcess.owner());
        assertNull(Nd4jProcess.load("cpu", CPU, loader), "loading again for the owner is a no-op");
        assertNull(Nd4jProcess.conflict("cpu"));

        String second = Nd4jProcess.load("cuda", CUDA, loader);
        assertEquals(second, Nd4jProcess.conflict("cuda"));
        assertTrue(second.contains("ND4J already runs Neurite's 'cpu' backend in this process"), second);
        assertTrue(second.contains("one backend per JVM") && second.contains("run 'cuda' in another process"), second);
        assertEquals("cpu", Nd4jProcess.owner(), "a refused backend does not take over");
    }

    @Test
    void nd4jSeesOnlyTheChosenBackendsServiceFile(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        URL cpu = service(dir.resolve("cpu"), "# comment\n" + CPU + "\n");
        URL cuda = service(dir.resolve("cuda"), CUDA + "  # the GPU one\n");
        URLClassLoader parent = new URLClassLoader(new URL[]{cpu, cuda}, null);
        List<URL> seen = Collections.list(new Nd4jProcess.OnlyOneBackend(parent, CPU).getResources(Nd4jProcess.SERVICE));
        assertEquals(1, seen.size(), seen.toString());
        assertTrue(seen.get(0).toString().contains("/cpu/"), seen.toString());
        assertEquals(1, Collections.list(new Nd4jProcess.OnlyOneBackend(parent, CUDA)
                .getResources(Nd4jProcess.SERVICE)).size());
        // Every other resource passes through untouched.
        assertEquals(2, Collections.list(new Nd4jProcess.OnlyOneBackend(parent, CPU).getResources("marker")).size());
    }

    private static URL service(Path root, String content) throws IOException {
        Path file = root.resolve(Nd4jProcess.SERVICE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.writeString(root.resolve("marker"), "x");
        return root.toUri().toURL();
    }
}
