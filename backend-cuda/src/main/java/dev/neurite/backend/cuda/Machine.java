package dev.neurite.backend.cuda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@link CudaProbe} asks of the machine: files, environment, class path. A seam, so that the probe's every
 * verdict can be tested by describing a machine instead of needing one.
 */
interface Machine {
    String osName();

    String osArch();

    boolean exists(String path);

    /** The names in directory {@code dir}; empty when it is absent or unreadable. */
    List<String> list(String dir);

    /** The file's bytes as ISO-8859-1 text (binary files such as /etc/ld.so.cache stay searchable); empty if absent. */
    String read(String path);

    /** An environment variable, or null. */
    String env(String name);

    /** Whether {@code resource} (e.g. a natives jar's library) is on the class path. */
    boolean resource(String resource);

    /** This machine, seen from this JVM; class-path resources through {@code loader}. */
    static Machine local(ClassLoader loader) {
        return new Machine() {
            @Override
            public String osName() {
                return System.getProperty("os.name", "");
            }

            @Override
            public String osArch() {
                return System.getProperty("os.arch", "");
            }

            @Override
            public boolean exists(String path) {
                return Files.exists(Path.of(path));
            }

            @Override
            public List<String> list(String dir) {
                try (Stream<Path> s = Files.list(Path.of(dir))) {
                    return s.map(p -> p.getFileName().toString()).toList();
                } catch (IOException | RuntimeException e) {
                    return List.of();
                }
            }

            @Override
            public String read(String path) {
                try {
                    return new String(Files.readAllBytes(Path.of(path)), StandardCharsets.ISO_8859_1);
                } catch (IOException | RuntimeException e) {
                    return "";
                }
            }

            @Override
            public String env(String name) {
                return System.getenv(name);
            }

            @Override
            public boolean resource(String resource) {
                return loader.getResource(resource) != null;
            }
        };
    }
}
