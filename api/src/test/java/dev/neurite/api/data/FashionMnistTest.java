package dev.neurite.api.data;

import com.sun.net.httpserver.HttpServer;
import dev.neurite.api.io.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FashionMnistTest {
    @TempDir
    Path tmp;

    @Test
    void loadsTheDebianPackagesFiles() throws IOException {
        assumeTrue(Files.isDirectory(FashionMnist.SYSTEM_DIR),
                FashionMnist.SYSTEM_DIR + " is absent; 'apt-get install dataset-fashion-mnist' provides it");
        FashionMnist data = FashionMnist.load(FashionMnist.SYSTEM_DIR);
        assertEquals(60_000, data.train().size());
        assertEquals(10_000, data.test().size());
        for (InMemoryDataset d : List.of(data.train(), data.test())) {
            assertEquals(dev.neurite.api.Shape.of(1, 28, 28), d.exampleShape());
            assertEquals(10, d.numClasses());
            int[] counts = new int[10];
            for (int i = 0; i < d.size(); i++) {
                counts[(int) d.label(i)]++;
            }
            for (int c : counts) {
                assertEquals(d.size() / 10, c, "Fashion-MNIST is balanced");
            }
            float min = 1;
            float max = 0;
            for (int i = 0; i < d.size(); i += 97) {
                for (float v : d.example(i)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            assertEquals(0f, min);
            assertEquals(1f, max);
        }
        assertEquals(9, data.train().label(0), "the first training image is an ankle boot");
    }

    @Test
    void prefersTheExplicitDirectoryAndAcceptsUnpackedFiles() throws IOException {
        Path dir = fakeDistribution(tmp.resolve("fm"), false);
        assertEquals(dir, FashionMnist.locate(dir));
        FashionMnist data = FashionMnist.load(dir);
        assertEquals(3, data.train().size());
        assertEquals(2, data.test().size());
        assertEquals(List.of(dir, FashionMnist.SYSTEM_DIR, FashionMnist.userDir()), FashionMnist.searchPath(dir));
    }

    @Test
    void aMissingDatasetSaysWhereItLookedAndHowToGetIt() throws IOException {
        Path partial = Files.createDirectories(tmp.resolve("partial"));
        Files.write(partial.resolve(FashionMnist.TRAIN_IMAGES), new byte[1]);
        Path absent = tmp.resolve("absent");
        FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> FashionMnist.locate(List.of(partial, absent)));
        String m = e.getMessage();
        assertTrue(m.contains(partial + ": missing train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz"), m);
        assertTrue(m.contains(absent + ": no such directory"), m);
        assertTrue(m.contains("apt-get install dataset-fashion-mnist") && m.contains("--download"), m);
    }

    @Test
    void downloadsVerifiesAndSkipsFilesAlreadyPresent() throws IOException {
        Map<String, byte[]> served = distributionBytes();
        Map<String, String> sums = new LinkedHashMap<>();
        served.forEach((name, bytes) -> sums.put(name, Sha256.of(bytes)));
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = serve(served, requests);
        try {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/fashion/");
            Path dir = tmp.resolve("downloaded");
            assertEquals(dir, FashionMnist.download(dir, base, sums));
            assertEquals(4, requests.get());
            for (String name : FashionMnist.FILES) {
                assertArrayEquals(served.get(name), Files.readAllBytes(dir.resolve(name)));
            }
            assertEquals(3, FashionMnist.load(dir).train().size());
            FashionMnist.download(dir, base, sums);
            assertEquals(4, requests.get(), "files with the right checksum are not downloaded again");
            assertEquals(FashionMnist.FILES.stream().sorted().toList(), names(dir));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aChecksumMismatchOrHttpErrorLeavesNoFileBehind() throws IOException {
        Map<String, byte[]> served = distributionBytes();
        Map<String, String> wrong = new LinkedHashMap<>();
        served.forEach((name, bytes) -> wrong.put(name, "0".repeat(64)));
        HttpServer server = serve(served, new AtomicInteger());
        try {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/fashion/");
            Path dir = tmp.resolve("mismatch");
            IOException e = assertThrows(IOException.class, () -> FashionMnist.download(dir, base, wrong));
            assertTrue(e.getMessage().contains("SHA-256 mismatch: expected " + "0".repeat(64) + ", got "
                    + Sha256.of(served.get(FashionMnist.TRAIN_IMAGES))), e.getMessage());
            assertEquals(List.of(), names(dir));

            IOException missing = assertThrows(IOException.class,
                    () -> FashionMnist.download(dir, base, Map.of("absent.gz", "0".repeat(64))));
            assertTrue(missing.getMessage().contains("absent.gz failed: HTTP 404"), missing.getMessage());
            assertEquals(List.of(), names(dir));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void checksumsOfTheCanonicalFilesAreKnown() {
        assertEquals(FashionMnist.FILES.stream().sorted().toList(), FashionMnist.SHA256.keySet().stream().sorted().toList());
        FashionMnist.SHA256.values().forEach(s -> assertTrue(s.matches("[0-9a-f]{64}"), s));
    }

    /** Four small gzip IDX files in the distribution's layout: 3 training and 2 test images of 28x28. */
    private static Map<String, byte[]> distributionBytes() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(FashionMnist.TRAIN_IMAGES, IdxFiles.bytes(new int[]{3, 28, 28}, new byte[3 * 784], true));
        files.put(FashionMnist.TRAIN_LABELS, IdxFiles.bytes(new int[]{3}, new byte[]{9, 0, 3}, true));
        files.put(FashionMnist.TEST_IMAGES, IdxFiles.bytes(new int[]{2, 28, 28}, new byte[2 * 784], true));
        files.put(FashionMnist.TEST_LABELS, IdxFiles.bytes(new int[]{2}, new byte[]{1, 2}, true));
        return files;
    }

    private static Path fakeDistribution(Path dir, boolean gzip) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : distributionBytes().entrySet()) {
            String name = gzip ? e.getKey() : e.getKey().replace(".gz", "");
            Files.write(dir.resolve(name), gzip ? e.getValue() : new java.util.zip.GZIPInputStream(
                    new java.io.ByteArrayInputStream(e.getValue())).readAllBytes());
        }
        return dir;
    }

    private static HttpServer serve(Map<String, byte[]> files, AtomicInteger requests) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/fashion/", exchange -> {
            requests.incrementAndGet();
            String name = exchange.getRequestURI().getPath().substring("/fashion/".length());
            byte[] body = files.get(name);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    private static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
