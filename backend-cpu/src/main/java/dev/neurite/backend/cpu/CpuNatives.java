package dev.neurite.backend.cpu;

import dev.neurite.backend.nd4j.Nd4jProcess;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads ND4J's native library once per process and remembers whether that worked.
 *
 * <p>ND4J itself is loaded, configured and self-tested by {@link Nd4jProcess}, which also keeps a second ND4J
 * backend out of the process.
 *
 * <p>JavaCPP chooses the libnd4jcpu build from {@code org.bytedeco.javacpp.platform.extension}, read once when the
 * natives load, so it is set here, before anything touches {@code Nd4j}, to the best oneDNN build this CPU runs.
 */
final class CpuNatives {
    static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    private static final String PLATFORM = "linux-x86_64";
    private static final String NATIVE_DIR = "org/nd4j/linalg/cpu/nativecpu/bindings/";
    /** The ND4J backend class of nd4j-native: the only one ND4J is shown (see Nd4jProcess). */
    static final String ND4J_BACKEND = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";

    /** Outcome of loading: {@code reason} is empty when {@code available}. */
    record Status(boolean available, String reason, String build, int threads) {
    }

    private static volatile Status status;

    private CpuNatives() {
    }

    static Status status() {
        Status s = status;
        if (s == null) {
            synchronized (CpuNatives.class) {
                s = status;
                if (s == null) {
                    s = load();
                    status = s;
                }
            }
        }
        return s;
    }

    /** The loaded status, failing with its reason when the natives are unusable. */
    static Status require() {
        Status s = status();
        if (!s.available()) {
            throw new IllegalStateException("cpu backend: ND4J natives are unavailable: " + s.reason());
        }
        return s;
    }

    private static Status load() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return new Status(false, "the bundled ND4J natives are for " + PLATFORM + ", this is " + os + "/" + arch, "", 0);
        }
        String extension = chooseExtension();
        if (extension == null) {
            return new Status(false, "no nd4j-native natives jar for " + PLATFORM + " on the class path (looked for "
                    + "the -onednn-avx512, -onednn-avx2 and plain classifiers)", "", 0);
        }
        System.setProperty(EXTENSION_PROPERTY, extension);
        String failure = Nd4jProcess.load(CpuBackendProvider.NAME, ND4J_BACKEND, CpuNatives.class.getClassLoader());
        if (failure != null) {
            boolean ours = CpuBackendProvider.NAME.equals(Nd4jProcess.owner());
            return new Status(false, ours ? failure + " (natives " + PLATFORM + extension + ")" : failure, "", 0);
        }
        setThreads();
        return new Status(true, "", describeBuild(), Nd4j.getEnvironment().maxThreads());
    }

    /**
     * The extension to load: the user's choice if set, else the best build whose natives are present and that
     * this CPU can execute.
     */
    private static String chooseExtension() {
        String forced = System.getProperty(EXTENSION_PROPERTY);
        if (forced != null) {
            return forced;
        }
        Set<String> flags = cpuFlags();
        if (flags.contains("avx512f") && present("-onednn-avx512")) {
            return "-onednn-avx512";
        }
        if (flags.contains("avx2") && present("-onednn-avx2")) {
            return "-onednn-avx2";
        }
        return present("") ? "" : null;
    }

    private static boolean present(String extension) {
        String lib = NATIVE_DIR + PLATFORM + extension + "/libnd4jcpu.so";
        return CpuNatives.class.getClassLoader().getResource(lib) != null;
    }

    private static Set<String> cpuFlags() {
        Set<String> flags = new TreeSet<>();
        for (String line : cpuinfo()) {
            if (line.startsWith("flags")) {
                int colon = line.indexOf(':');
                for (String f : line.substring(colon + 1).trim().split("\\s+")) {
                    flags.add(f);
                }
                break;
            }
        }
        return flags;
    }

    static String cpuModel() {
        for (String line : cpuinfo()) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return System.getProperty("os.arch", "unknown");
    }

    private static java.util.List<String> cpuinfo() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException | RuntimeException e) {
            return java.util.List.of();
        }
    }

    /** Every core, unless OMP_NUM_THREADS says otherwise (ND4J then follows that). */
    private static void setThreads() {
        Environment env = Nd4j.getEnvironment();
        int cores = Runtime.getRuntime().availableProcessors();
        if (System.getenv("OMP_NUM_THREADS") == null && env.maxThreads() != cores) {
            env.setMaxThreads(cores);
        }
    }

    /** Which libnd4jcpu build JavaCPP actually loaded, e.g. {@code oneDNN avx512}. */
    private static String describeBuild() {
        String path = "";
        for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
            if (e.getKey().startsWith("nd4jcpu")) {
                path = e.getValue();
            }
        }
        String marker = PLATFORM;
        int i = path.lastIndexOf(marker + "-");
        if (i < 0) {
            return path.isEmpty() ? "unknown build" : "generic x86-64";
        }
        String ext = path.substring(i + marker.length() + 1);
        ext = ext.substring(0, ext.indexOf('/') < 0 ? ext.length() : ext.indexOf('/'));
        return ext.replace("onednn", "oneDNN").replace('-', ' ');
    }

    /** E.g. {@code CPU AMD EPYC, 2 threads, nd4j-native oneDNN avx512}. */
    static String device() {
        Status s = status;
        String model = "CPU " + cpuModel();
        if (s == null) {
            return model + ", " + Runtime.getRuntime().availableProcessors() + " cores, nd4j-native (not loaded yet)";
        }
        if (!s.available()) {
            return model + ", nd4j-native unavailable";
        }
        return model + ", " + s.threads() + " threads, nd4j-native " + s.build();
    }
}
