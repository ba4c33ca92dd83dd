package dev.neurite.backend.cuda;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides from the machine alone, without loading any native code, whether the CUDA backend can start: ND4J
 * cannot be un-initialised, so every failure that can be foreseen is found here, with a reason a user can act
 * on. The checks run from the most basic up (platform, driver, device, natives jar, CUDA libraries) and the first
 * failing one is reported. What only the driver can tell (the GPU's compute capability) is checked afterwards by
 * {@link CudaNatives}, still before ND4J loads.
 */
final class CudaProbe {
    static final String PLATFORM = "linux-x86_64";
    /** libnd4jcuda.so in the nd4j-cuda-11.6 natives jar (classifier linux-x86_64). */
    static final String ND4J_NATIVES = "org/nd4j/linalg/jcublas/bindings/" + PLATFORM + "/libnd4jcuda.so";
    /** JavaCPP's JNI glue for the CUDA runtime, in org.bytedeco:cuda (classifier linux-x86_64). */
    static final String CUDA_JNI = "org/bytedeco/cuda/" + PLATFORM + "/libjnicudart.so";
    /** Where JavaCPP's CUDA redistributable jar (classifier linux-x86_64-redist) keeps the CUDA libraries. */
    static final String REDIST_DIR = "org/bytedeco/cuda/" + PLATFORM + "/";
    /** The CUDA 11 / cuDNN 8 libraries libnd4jcuda.so is linked against (ND4J's preset preloads them). */
    static final List<String> RUNTIME = List.of("libcudart.so.11.0", "libcublas.so.11", "libcublasLt.so.11",
            "libcusolver.so.11", "libcusparse.so.11", "libcurand.so.10", "libcudnn.so.8");
    static final String DRIVER = "libcuda.so.1";
    /** Where distributions, the CUDA installer and WSL put libraries when ld.so's cache does not list them. */
    static final List<String> STANDARD_DIRS = List.of("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu",
            "/usr/lib64", "/lib64", "/usr/lib", "/usr/local/cuda/lib64", "/usr/local/cuda-11.6/lib64",
            "/usr/lib/wsl/lib");
    static final String INSTALL_DRIVER = "install the NVIDIA driver (450.80.02 or newer for CUDA 11.6)";
    static final String INSTALL_NATIVES = "build with the cuda-natives profile (./mvnw -Pcuda-natives ..., about "
            + "640 MB of jars; see docs/backends.md)";

    private final Machine machine;

    CudaProbe(Machine machine) {
        this.machine = machine;
    }

    /** Why the CUDA backend cannot start here, or null when nothing visible from outside stops it. */
    String unavailableReason() {
        String os = machine.osName().toLowerCase(Locale.ROOT);
        String arch = machine.osArch();
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return "the CUDA natives are built for " + PLATFORM + ", this is " + os + "/" + arch;
        }
        if (find(DRIVER) == null) {
            return "no NVIDIA driver: " + DRIVER + " was not found (ld.so cache, LD_LIBRARY_PATH, CUDA_HOME, standard "
                    + "library directories); " + INSTALL_DRIVER;
        }
        if (!deviceVisible()) {
            return "no NVIDIA GPU: the driver library is installed but no device is visible (/proc/driver/nvidia/gpus "
                    + "is empty and there is no /dev/nvidia0); in a container pass the GPU through (docker --gpus all)";
        }
        if (!machine.resource(ND4J_NATIVES)) {
            return "the nd4j-cuda-11.6 natives jar (org.nd4j:nd4j-cuda-11.6, classifier " + PLATFORM
                    + ") is not on the class path; " + INSTALL_NATIVES;
        }
        if (!machine.resource(CUDA_JNI)) {
            return "JavaCPP's CUDA natives jar (org.bytedeco:cuda, classifier " + PLATFORM
                    + ") is not on the class path; " + INSTALL_NATIVES;
        }
        List<String> missing = new ArrayList<>();
        for (String lib : RUNTIME) {
            if (find(lib) == null && !machine.resource(REDIST_DIR + lib)) {
                missing.add(lib);
            }
        }
        if (!missing.isEmpty()) {
            return "CUDA 11 runtime libraries not found: " + String.join(", ", missing) + "; install CUDA 11.6 and "
                    + "cuDNN 8.3 and put their lib64 directories on LD_LIBRARY_PATH, or build with -Pcuda-natives,"
                    + "cuda-redist (JavaCPP's redistributable CUDA jar, well over 1 GB)";
        }
        return null;
    }

    /** The directory holding {@code library}, "ld.so.cache" when only the cache lists it, or null. */
    String find(String library) {
        for (String dir : searchPath()) {
            if (machine.exists(dir + "/" + library)) {
                return dir;
            }
        }
        // The cache is binary; library names appear in it as plain NUL-terminated strings.
        return machine.read("/etc/ld.so.cache").contains(library + "\0") ? "ld.so.cache" : null;
    }

    private Set<String> searchPath() {
        Set<String> dirs = new LinkedHashSet<>();
        String ld = machine.env("LD_LIBRARY_PATH");
        if (ld != null) {
            for (String d : ld.split(":")) {
                if (!d.isBlank()) {
                    dirs.add(d.endsWith("/") ? d.substring(0, d.length() - 1) : d);
                }
            }
        }
        for (String home : new String[]{machine.env("CUDA_HOME"), machine.env("CUDA_PATH")}) {
            if (home != null && !home.isBlank()) {
                dirs.add(home + "/lib64");
            }
        }
        dirs.addAll(STANDARD_DIRS);
        return dirs;
    }

    private boolean deviceVisible() {
        if (!machine.list("/proc/driver/nvidia/gpus").isEmpty()) {
            return true;
        }
        return machine.list("/dev").stream().anyMatch(n -> n.matches("nvidia\\d+"));
    }

    /**
     * Why a GPU of compute capability {@code major.minor} cannot run ND4J's CUDA 11.6 build, or null. CUDA 11
     * dropped devices below 3.5 (Kepler GK10x and older).
     */
    static String computeCapabilityReason(String gpu, int major, int minor) {
        if (major > 3 || (major == 3 && minor >= 5)) {
            return null;
        }
        return "unsupported GPU: " + gpu + " has compute capability " + major + "." + minor
                + "; CUDA 11.6 and ND4J's build need 3.5 or newer";
    }
}
