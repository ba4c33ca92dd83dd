package dev.neurite.apps.osgi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Makes a bundle of the api test-jar's pure-Java {@code reference} backend (priority 1): a second, independent backend
 * for FelixIT to move work to. Only the backend's classes and its {@code META-INF/services} entry are taken, not the
 * tests.
 */
final class ReferenceBackendBundle {
    static final String FILE = "neurite-backend-reference.jar";
    static final String PACKAGE = "dev/neurite/api/testing/";
    static final String SERVICE = "META-INF/services/dev.neurite.api.backend.BackendProvider";

    private ReferenceBackendBundle() {
    }

    static void write(Path testJarDir, Path bundle) throws IOException {
        Path testJar;
        try (Stream<Path> s = Files.list(testJarDir)) {
            testJar = s.filter(p -> p.getFileName().toString().equals("neurite-api-tests.jar")).findFirst()
                    .orElseThrow(() -> new IOException("no api test-jar in " + testJarDir.toAbsolutePath()
                            + " (copied in the pre-integration-test phase)"));
        }
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "dev.neurite.api.testing.reference");
        a.putValue("Bundle-Version", "0.1.0");
        a.putValue("Import-Package", "dev.neurite.api,dev.neurite.api.backend,dev.neurite.api.backend.kernel");
        Path tmp = Files.createTempFile(bundle.getParent().getParent(), "reference", ".jar");
        try (JarFile in = new JarFile(testJar.toFile());
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp), m)) {
            for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                String name = entry.getName();
                boolean backendClass = name.startsWith(PACKAGE) && name.endsWith(".class") && !name.contains("Test");
                if (backendClass || name.equals(SERVICE)) {
                    out.putNextEntry(new JarEntry(name));
                    try (InputStream data = in.getInputStream(entry)) {
                        data.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        // Moved in whole, so FileInstall never sees a half-written jar.
        Files.move(tmp, bundle);
    }
}
