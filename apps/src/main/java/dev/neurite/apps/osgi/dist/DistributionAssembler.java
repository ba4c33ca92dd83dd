package dev.neurite.apps.osgi.dist;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/**
 * Builds the {@code bundles/} directory that {@code neurite osgi} watches, from the jars of the build (run by Maven in
 * the {@code package} phase of apps).
 *
 * <p>The Neurite module jars (api, layers, interop-onnx, generative, apps) are bundles already (bnd manifests) and are copied as
 * they are, with protobuf-java (a bundle too) for interop-onnx. Each
 * ND4J backend becomes <em>two</em> bundles, because ND4J cannot be unloaded: its state is static and its natives
 * bind to the one class loader that loaded them (the JVM refuses to load a native library into a second class loader
 * while the first is alive). So:
 * <ul>
 *   <li>a <b>runtime</b> bundle ({@code dev.neurite.backend.cpu.runtime}) embeds on its {@code Bundle-ClassPath} the
 *       backend module, the shared ND4J code, ND4J, JavaCPP and the natives, and exports only the provider package;</li>
 *   <li>a <b>provider</b> bundle ({@code dev.neurite.backend.cpu}, a few hundred bytes) holds the
 *       {@code META-INF/services} entry naming the provider and imports its package. This is the bundle users add
 *       and remove: removing it retracts the backend, adding it back offers the same ND4J again.</li>
 * </ul>
 * The CUDA backend is built the same way without its natives (about 640 MB, opt-in), so without a GPU it resolves and
 * reports itself unavailable.
 *
 * <p>Usage: {@code DistributionAssembler LIB_DIR ND4J_DIR APPS_JAR OUT_DIR}: {@code LIB_DIR} holds the runtime
 * dependencies of apps, {@code ND4J_DIR} the third-party jars of ND4J's dependency closure.
 */
public final class DistributionAssembler {
    static final String SERVICES = "META-INF/services/";
    static final String BACKEND_SERVICE = SERVICES + "dev.neurite.api.backend.BackendProvider";
    /** The example application bundle's package, carved out of the apps jar. */
    static final String EXAMPLE_PACKAGE = "dev/neurite/apps/examples/osgi/";

    private final Path lib;
    private final Path nd4j;
    private final Path out;

    private DistributionAssembler(Path lib, Path nd4j, Path out) {
        this.lib = lib;
        this.nd4j = nd4j;
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: DistributionAssembler LIB_DIR ND4J_DIR APPS_JAR OUT_DIR");
        }
        Path appsJar = Path.of(args[2]);
        DistributionAssembler a = new DistributionAssembler(Path.of(args[0]), Path.of(args[1]), Path.of(args[3]));
        a.assemble(appsJar);
    }

    private void assemble(Path appsJar) throws IOException {
        Files.createDirectories(out);
        try (Stream<Path> old = Files.list(out)) {
            for (Path p : (Iterable<Path>) old::iterator) {
                Files.delete(p);
            }
        }
        copy(module("neurite-api"), "neurite-api.jar");
        copy(module("neurite-layers"), "neurite-layers.jar");
        copy(module("neurite-interop-onnx"), "neurite-interop-onnx.jar");
        copy(module("neurite-rl"), "neurite-rl.jar");
        copy(module("neurite-generative"), "neurite-generative.jar");
        copy(module("protobuf-java"), "protobuf-java.jar");
        copy(appsJar, "neurite-apps.jar");
        backend("cpu", "CPU", name -> !cudaOnly(name) && !plainCpuNatives(name));
        backend("cuda", "CUDA", name -> !cpuOnly(name));
        example(appsJar);
        System.out.println("[neurite] OSGi bundles assembled in " + out);
    }

    /** The natives without oneDNN (for CPUs without AVX2): left out, the backend picks the oneDNN AVX-512/AVX2 builds. */
    private static boolean plainCpuNatives(String jar) {
        return jar.matches("nd4j-native-[^-]+-[^-]+-linux-x86_64\\.jar");
    }

    private static boolean cpuOnly(String jar) {
        return jar.startsWith("nd4j-native-") && !jar.startsWith("nd4j-native-api-") || jar.startsWith("openblas-");
    }

    private static boolean cudaOnly(String jar) {
        return jar.startsWith("nd4j-cuda-") || jar.startsWith("cuda-");
    }

    private void backend(String name, String title, Predicate<String> thirdParty) throws IOException {
        Path moduleJar = module("neurite-backend-" + name);
        Path shared = module("neurite-backend-nd4j");
        List<Path> embedded = new ArrayList<>(List.of(moduleJar, shared));
        try (Stream<Path> jars = Files.list(nd4j)) {
            jars.filter(p -> p.getFileName().toString().endsWith(".jar") && thirdParty.test(p.getFileName().toString()))
                    .sorted().forEach(embedded::add);
        }
        Manifest moduleManifest = manifest(moduleJar);
        String version = moduleManifest.getMainAttributes().getValue("Bundle-Version");
        String providerPackage = "dev.neurite.backend." + name;

        // The runtime: everything ND4J needs, imports only Neurite's api (as bnd computed it for the embedded jars).
        Set<String> imports = new LinkedHashSet<>();
        for (Path jar : List.of(moduleJar, shared)) {
            for (String clause : clauses(manifest(jar).getMainAttributes().getValue("Import-Package"))) {
                if (clause.startsWith("dev.neurite.api")) {
                    imports.add(clause);
                }
            }
        }
        StringBuilder classPath = new StringBuilder(".");
        for (Path jar : embedded) {
            classPath.append(",lib/").append(jar.getFileName());
        }
        Manifest runtime = bundleManifest(providerPackage + ".runtime", version, "Neurite " + title + " backend runtime",
                "ND4J, JavaCPP and the natives of the " + name + " backend. A library: ND4J cannot be unloaded, so this "
                        + "bundle stays; add or remove " + providerPackage + " to offer or retract the backend.");
        Attributes ra = runtime.getMainAttributes();
        ra.putValue("Bundle-ClassPath", classPath.toString());
        ra.putValue("Export-Package", providerPackage + ";version=\"" + osgiVersion(version) + "\"");
        ra.putValue("Import-Package", String.join(",", imports));
        // JDK packages outside java.* that ND4J's dependencies may load (sun.* is boot-delegated by the launcher).
        ra.putValue("DynamicImport-Package", "javax.*,org.w3c.*,org.xml.*,org.ietf.*,com.sun.*");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(out.resolve("neurite-backend-" + name
                + "-runtime.jar")), runtime)) {
            putResource(jar, "simplelogger.properties");
            for (Path p : embedded) {
                putStored(jar, "lib/" + p.getFileName(), Files.readAllBytes(p));
            }
        }

        // The provider: its service entry, and the package it names imported from the runtime.
        Manifest provider = bundleManifest(providerPackage, version, "Neurite " + title + " backend",
                "Offers the '" + name + "' BackendProvider (the code and ND4J are in " + providerPackage + ".runtime).");
        provider.getMainAttributes().putValue("Import-Package", providerPackage + ";version=\"[0.1,1)\","
                + "dev.neurite.api.backend;version=\"[0.1,1)\"");
        try (JarFile module = new JarFile(moduleJar.toFile());
             JarOutputStream jar = new JarOutputStream(Files.newOutputStream(out.resolve("neurite-backend-" + name
                     + ".jar")), provider)) {
            JarEntry service = module.getJarEntry(BACKEND_SERVICE);
            if (service == null) {
                throw new IOException(moduleJar + " has no " + BACKEND_SERVICE);
            }
            try (InputStream in = module.getInputStream(service)) {
                put(jar, BACKEND_SERVICE, in.readAllBytes());
            }
        }
    }

    /** The example application bundle: the apps jar's example package, started by its activator. */
    private void example(Path appsJar) throws IOException {
        String version = manifest(appsJar).getMainAttributes().getValue("Bundle-Version");
        Manifest m = bundleManifest("dev.neurite.apps.examples.osgi", version, "Neurite example: image classifier",
                "Trains an image classifier from the registry's services on the best available backend and offers it "
                        + "as an ImageClassifier service; retrains when the backend changes.");
        Attributes a = m.getMainAttributes();
        a.putValue("Bundle-Activator", "dev.neurite.apps.examples.osgi.ImageClassifierActivator");
        a.putValue("Export-Package", "dev.neurite.apps.examples.osgi;version=\"" + osgiVersion(version) + "\"");
        a.putValue("Import-Package", "dev.neurite.api;version=\"[0.1,1)\",dev.neurite.api.autograd;version=\"[0.1,1)\",dev.neurite.api.backend;version=\"[0.1,1)\","
                + "dev.neurite.api.data;version=\"[0.1,1)\",dev.neurite.api.nn;version=\"[0.1,1)\","
                + "dev.neurite.api.train;version=\"[0.1,1)\",org.osgi.framework;version=\"[1.8,2)\","
                + "org.osgi.util.tracker;version=\"[1.5,2)\"");
        int classes = 0;
        try (JarFile apps = new JarFile(appsJar.toFile());
             JarOutputStream jar = new JarOutputStream(Files.newOutputStream(out.resolve("neurite-example-classifier.jar")), m)) {
            for (Enumeration<JarEntry> e = apps.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (entry.getName().startsWith(EXAMPLE_PACKAGE) && !entry.isDirectory()) {
                    try (InputStream in = apps.getInputStream(entry)) {
                        put(jar, entry.getName(), in.readAllBytes());
                    }
                    classes++;
                }
            }
        }
        if (classes == 0) {
            throw new IOException(appsJar + " has no classes under " + EXAMPLE_PACKAGE);
        }
    }

    private static Manifest bundleManifest(String symbolicName, String version, String name, String description) {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", symbolicName);
        a.putValue("Bundle-Version", version);
        a.putValue("Bundle-Name", name);
        a.putValue("Bundle-Description", description);
        a.putValue("Require-Capability", "osgi.ee;filter:=\"(&(osgi.ee=JavaSE)(version=17))\"");
        return m;
    }

    /** {@code 0.1.0.202612020730} stays; a Maven {@code 0.1.0-SNAPSHOT} becomes {@code 0.1.0.SNAPSHOT}. */
    static String osgiVersion(String version) {
        return version.replace('-', '.');
    }

    /** The clauses of a manifest header, split at commas outside quotes. */
    static List<String> clauses(String header) {
        List<String> r = new ArrayList<>();
        if (header == null) {
            return r;
        }
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                r.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.toString().isBlank()) {
            r.add(cur.toString().trim());
        }
        return r;
    }

    private Path module(String artifactId) throws IOException {
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.filter(p -> p.getFileName().toString().matches(artifactId + "-\\d[^-]*(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new IOException("no " + artifactId + " jar in " + lib));
        }
    }

    private void copy(Path jar, String name) throws IOException {
        Files.copy(jar, out.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static Manifest manifest(Path jar) throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            if (m == null || m.getMainAttributes().getValue("Bundle-SymbolicName") == null) {
                throw new IOException(jar + " has no OSGi manifest");
            }
            return m;
        }
    }

    private static void putResource(JarOutputStream jar, String name) throws IOException {
        try (InputStream in = DistributionAssembler.class.getResourceAsStream("/" + name)) {
            if (in != null) {
                put(jar, name, in.readAllBytes());
            }
        }
    }

    private static void put(JarOutputStream jar, String name, byte[] bytes) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        jar.write(bytes);
        jar.closeEntry();
    }

    /** Jars are compressed already: stored as they are, which keeps assembling fast. */
    private static void putStored(JarOutputStream jar, String name, byte[] bytes) throws IOException {
        JarEntry e = new JarEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(bytes.length);
        e.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        e.setCrc(crc.getValue());
        jar.putNextEntry(e);
        OutputStream o = jar;
        o.write(bytes);
        jar.closeEntry();
    }
}
