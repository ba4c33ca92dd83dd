package dev.neurite.apps.osgi;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs {@code TrainRegistryClassifier} in a fresh JVM on the plain class path or on the module path, from the jars of
 * the build ({@code target/lib}), and reads back the loss of each epoch.
 *
 * <p>On the module path, ND4J 1.0.0-M2.1 cannot be a module (its descriptors are invalid), so the backend jars and
 * ND4J's dependency closure ({@code target/osgi/nd4j}) go on the class path, where {@code META-INF/services}
 * registers the provider with the api module, and JavaCPP needs {@code --add-modules jdk.unsupported}.
 */
final class LaunchModes {
    static final String MAIN = "dev.neurite.apps.examples.TrainRegistryClassifier";
    static final Path TARGET = Path.of("target");

    private LaunchModes() {
    }

    static double[] classPath(int epochs, int samples, long seed) throws IOException, InterruptedException {
        List<String> cp = new ArrayList<>();
        cp.add(appsJar().toString());
        jars(TARGET.resolve("lib")).forEach(p -> cp.add(p.toString()));
        return run(List.of("-cp", String.join(File.pathSeparator, cp), MAIN), epochs, samples, seed);
    }

    static double[] modulePath(int epochs, int samples, long seed) throws IOException, InterruptedException {
        Set<String> nd4j = jars(TARGET.resolve("osgi/nd4j")).stream().map(p -> p.getFileName().toString())
                .collect(Collectors.toSet());
        List<String> modules = new ArrayList<>(List.of(appsJar().toString()));
        List<String> classPath = new ArrayList<>();
        for (Path jar : jars(TARGET.resolve("lib"))) {
            String name = jar.getFileName().toString();
            if (nd4j.contains(name) || name.startsWith("neurite-backend-")) {
                classPath.add(jar.toString());
            } else {
                modules.add(jar.toString());
            }
        }
        return run(List.of("-p", String.join(File.pathSeparator, modules), "-cp", String.join(File.pathSeparator,
                classPath), "--add-modules", "jdk.unsupported", "-m", "dev.neurite.apps/" + MAIN), epochs, samples, seed);
    }

    private static double[] run(List<String> launch, int epochs, int samples, long seed)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g"));
        command.addAll(launch);
        command.addAll(List.of(Integer.toString(epochs), Integer.toString(samples), Long.toString(seed)));
        Path log = Files.createTempFile("neurite-launch", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            int exit = p.waitFor();
            String out = Files.readString(log, StandardCharsets.UTF_8);
            if (exit != 0) {
                throw new AssertionError("exit " + exit + " from " + String.join(" ", command) + "\n" + out);
            }
            double[] losses = out.lines().filter(l -> l.startsWith("loss ")).mapToDouble(l -> Double.parseDouble(
                    l.split(" ")[2])).toArray();
            if (losses.length != epochs || !out.contains("backend cpu")) {
                throw new AssertionError("expected " + epochs + " losses on cpu from " + String.join(" ", command) + "\n" + out);
            }
            return losses;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static Path appsJar() throws IOException {
        try (Stream<Path> s = Files.list(TARGET)) {
            return s.filter(p -> p.getFileName().toString().matches("neurite-apps-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IOException("no neurite-apps jar in " + TARGET.toAbsolutePath()));
        }
    }

    private static List<Path> jars(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }
}
