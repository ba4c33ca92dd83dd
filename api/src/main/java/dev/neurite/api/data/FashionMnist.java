package dev.neurite.api.data;

import dev.neurite.api.io.AtomicFiles;
import dev.neurite.api.io.Sha256;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Zalando's <a href="https://github.com/zalandoresearch/fashion-mnist">Fashion-MNIST</a>: 60,000 training and
 * 10,000 test grayscale images of 28x28 pixels in 10 classes, read from the four IDX files of the original
 * distribution (gzip-compressed or not). Examples have shape {@code [1, 28, 28]} with pixels in [0, 1].
 */
public record FashionMnist(InMemoryDataset train, InMemoryDataset test) {
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
    public static final Path SYSTEM_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";
    public static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    /** The distribution Zalando's README links to (plain HTTP; integrity comes from {@link #SHA256}). */
    public static final URI DOWNLOAD_BASE = URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

    /**
     * SHA-256 of the files as downloaded from {@link #DOWNLOAD_BASE}. Debian ships the same compressed data with the
     * file name dropped from the gzip header (each file 23 or 24 bytes shorter), so its copies hash differently;
     * they are never downloaded, only read.
     */
    public static final Map<String, String> SHA256 = Map.of(
            TRAIN_IMAGES, "08dc20ab1689590a0bcd66e874647b6ee8464e2d501b5a3f1f78831db19a3fdc",
            TRAIN_LABELS, "b0197879cbda89f3dc7b894f9fd52b858e68ea4182b6947c9d8c2b67e5f18dcc",
            TEST_IMAGES, "78dcbbfb5a27efaf1b6c1d616caca68560be8766c5bffcb2791df9273a534229",
            TEST_LABELS, "42bd18137a62d5998cdeae52bf3a0676ac6b706f5cf8439b47bb5b151ae3dccf");

    private static final int CLASSES = 10;

    /** {@code ~/.neurite/data/fashion-mnist}, where {@link #download} puts the files by default. */
    public static Path userDir() {
        return Path.of(System.getProperty("user.home"), ".neurite", "data", "fashion-mnist");
    }

    /** The directories looked in, in order: {@code explicitDir} (if not null), {@link #SYSTEM_DIR}, {@link #userDir()}. */
    public static List<Path> searchPath(Path explicitDir) {
        List<Path> dirs = new ArrayList<>();
        if (explicitDir != null) {
            dirs.add(explicitDir);
        }
        dirs.add(SYSTEM_DIR);
        dirs.add(userDir());
        return dirs;
    }

    /**
     * Loads from {@code dir} and nowhere else: a directory named explicitly that lacks the files is an error
     * (listing what is missing), never a silent fall-back to another copy.
     */
    public static FashionMnist load(Path dir) throws IOException {
        return read(locate(List.of(dir)));
    }

    /** Loads from the first directory of {@link #searchPath(Path) the default search path} that has all four files. */
    public static FashionMnist load() throws IOException {
        return read(locate((Path) null));
    }

    private static FashionMnist read(Path dir) throws IOException {
        InMemoryDataset train = IdxReader.readDataset(file(dir, TRAIN_IMAGES), file(dir, TRAIN_LABELS), CLASSES);
        InMemoryDataset test = IdxReader.readDataset(file(dir, TEST_IMAGES), file(dir, TEST_LABELS), CLASSES);
        checkImages(dir, train);
        checkImages(dir, test);
        return new FashionMnist(train, test);
    }

    /**
     * The first directory of the search path holding the four files (each may be unpacked, without {@code .gz}).
     *
     * @throws FileNotFoundException listing where it looked and how to get the data
     */
    public static Path locate(Path explicitDir) throws FileNotFoundException {
        return locate(searchPath(explicitDir));
    }

    static Path locate(List<Path> searchPath) throws FileNotFoundException {
        StringBuilder looked = new StringBuilder();
        for (Path dir : searchPath) {
            List<String> missing = FILES.stream().filter(f -> file(dir, f) == null).toList();
            if (missing.isEmpty()) {
                return dir;
            }
            looked.append("\n  ").append(dir).append(": ").append(!Files.isDirectory(dir) ? "no such directory"
                    : "missing " + String.join(", ", missing));
        }
        throw new FileNotFoundException("Fashion-MNIST not found. Looked in:" + looked
                + "\nGet it with 'apt-get install dataset-fashion-mnist' (Debian, Ubuntu), or download it to "
                + userDir() + " with the CLI's --download option (FashionMnist.download in code).");
    }

    /** Downloads the four files from Zalando's distribution into {@code dir}; see {@link #download(Path, URI, Map)}. */
    public static Path download(Path dir) throws IOException {
        return download(dir, DOWNLOAD_BASE, SHA256);
    }

    /**
     * Downloads each file of {@code sha256} from {@code base} into {@code dir}, unless a file with the right checksum
     * is already there. Each download goes to a temp file that is checked and then renamed into place, so a failed
     * or corrupted download leaves nothing behind.
     *
     * @return {@code dir}
     */
    public static Path download(Path dir, URI base, Map<String, String> sha256) throws IOException {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        for (Map.Entry<String, String> e : new LinkedHashMap<>(sha256).entrySet()) {
            Path target = dir.resolve(e.getKey());
            if (Files.isRegularFile(target) && Sha256.of(target).equals(e.getValue())) {
                continue;
            }
            fetch(client, base.resolve(e.getKey()), target, e.getValue());
        }
        return dir;
    }

    private static void fetch(HttpClient client, URI url, Path target, String expectedSha256) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(10)).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IOException("download of " + url + " was interrupted", ie);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("download of " + url + " failed: HTTP " + response.statusCode());
            }
            AtomicFiles.write(target, channel -> {
                MessageDigest digest = Sha256.newDigest();
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = body.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                    AtomicFiles.writeFully(channel, ByteBuffer.wrap(buffer, 0, n));
                }
                String actual = HexFormat.of().formatHex(digest.digest());
                if (!actual.equals(expectedSha256)) {
                    throw new IOException("download of " + url + ": SHA-256 mismatch: expected " + expectedSha256
                            + ", got " + actual + "; the file was not saved");
                }
            });
        }
    }

    /** The file named {@code name} in {@code dir}, or its unpacked form, or null. */
    private static Path file(Path dir, String name) {
        Path gz = dir.resolve(name);
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path raw = dir.resolve(name.substring(0, name.length() - ".gz".length()));
        return Files.isRegularFile(raw) ? raw : null;
    }

    private static void checkImages(Path dir, InMemoryDataset data) throws IOException {
        if (data.exampleShape().numel() != 28 * 28) {
            throw new IOException(dir + ": Fashion-MNIST images must be 28x28, got example shape " + data.exampleShape());
        }
    }
}
