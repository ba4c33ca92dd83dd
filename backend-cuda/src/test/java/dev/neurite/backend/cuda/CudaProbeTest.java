package dev.neurite.backend.cuda;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every verdict of the probe, on described machines: no GPU is needed to test what happens without one. */
class CudaProbeTest {
    /** A described machine; starts as a complete GPU box (driver, device, natives, CUDA libraries). */
    static final class FakeMachine implements Machine {
        String os = "Linux";
        String arch = "amd64";
        final Set<String> files = new HashSet<>();
        final Map<String, List<String>> dirs = new HashMap<>();
        final Map<String, String> contents = new HashMap<>();
        final Map<String, String> env = new HashMap<>();
        final Set<String> resources = new HashSet<>();

        FakeMachine() {
            files.add("/usr/lib/x86_64-linux-gnu/libcuda.so.1");
            dirs.put("/proc/driver/nvidia/gpus", List.of("0000:01:00.0"));
            dirs.put("/dev", List.of("null", "nvidia0", "nvidiactl"));
            resources.add(CudaProbe.ND4J_NATIVES);
            resources.add(CudaProbe.CUDA_JNI);
            for (String lib : CudaProbe.RUNTIME) {
                files.add("/usr/local/cuda/lib64/" + lib);
            }
        }

        @Override
        public String osName() {
            return os;
        }

        @Override
        public String osArch() {
            return arch;
        }

        @Override
        public boolean exists(String path) {
            return files.contains(path);
        }

        @Override
        public List<String> list(String dir) {
            return dirs.getOrDefault(dir, List.of());
        }

        @Override
        public String read(String path) {
            return contents.getOrDefault(path, "");
        }

        @Override
        public String env(String name) {
            return env.get(name);
        }

        @Override
        public boolean resource(String resource) {
            return resources.contains(resource);
        }
    }

    private static String verdict(FakeMachine m) {
        return new CudaProbe(m).unavailableReason();
    }

    private static void assertReason(FakeMachine m, String... parts) {
        String reason = verdict(m);
        for (String p : parts) {
            assertTrue(reason != null && reason.contains(p), "expected '" + p + "' in: " + reason);
        }
    }

    @Test
    void aCompleteGpuMachinePassesTheProbe() {
        assertNull(verdict(new FakeMachine()));
    }

    @Test
    void anotherPlatformIsRefusedFirst() {
        FakeMachine m = new FakeMachine();
        m.os = "Mac OS X";
        m.arch = "aarch64";
        assertReason(m, "linux-x86_64", "mac os x/aarch64");
    }

    @Test
    void noDriverLibraryMeansNoDriver() {
        FakeMachine m = new FakeMachine();
        m.files.remove("/usr/lib/x86_64-linux-gnu/libcuda.so.1");
        assertReason(m, "no NVIDIA driver", "libcuda.so.1", "install the NVIDIA driver");
    }

    @Test
    void theDriverIsFoundThroughTheLdCacheLdLibraryPathOrCudaHome() {
        FakeMachine cache = new FakeMachine();
        cache.files.remove("/usr/lib/x86_64-linux-gnu/libcuda.so.1");
        cache.contents.put("/etc/ld.so.cache", "ld.so-1.7.0\0libc.so.6\0/lib/libc.so.6\0libcuda.so.1\0/opt/x/libcuda.so.1\0");
        assertNull(verdict(cache));
        assertEquals("ld.so.cache", new CudaProbe(cache).find("libcuda.so.1"));

        FakeMachine ld = new FakeMachine();
        ld.files.remove("/usr/lib/x86_64-linux-gnu/libcuda.so.1");
        ld.env.put("LD_LIBRARY_PATH", "/opt/nvidia/lib/:/elsewhere");
        ld.files.add("/opt/nvidia/lib/libcuda.so.1");
        assertEquals("/opt/nvidia/lib", new CudaProbe(ld).find("libcuda.so.1"));
        assertNull(verdict(ld));

        // A name that merely starts like the library (libcuda.so.10) is not the library.
        FakeMachine near = new FakeMachine();
        near.files.remove("/usr/lib/x86_64-linux-gnu/libcuda.so.1");
        near.contents.put("/etc/ld.so.cache", "libcuda.so.10\0/x/libcuda.so.10\0");
        assertReason(near, "no NVIDIA driver");
    }

    @Test
    void aDriverWithoutADeviceIsNoGpu() {
        FakeMachine m = new FakeMachine();
        m.dirs.remove("/proc/driver/nvidia/gpus");
        m.dirs.put("/dev", List.of("null", "nvidiactl", "nvidia-uvm"));
        assertReason(m, "no NVIDIA GPU", "/dev/nvidia0", "--gpus all");

        FakeMachine devOnly = new FakeMachine();
        devOnly.dirs.remove("/proc/driver/nvidia/gpus");
        assertNull(verdict(devOnly), "a /dev/nvidiaN node is enough");
    }

    @Test
    void missingNativesJarsSayWhichAndHowToGetThem() {
        FakeMachine nd4j = new FakeMachine();
        nd4j.resources.remove(CudaProbe.ND4J_NATIVES);
        assertReason(nd4j, "nd4j-cuda-11.6 natives jar", "classifier linux-x86_64", "-Pcuda-natives");

        FakeMachine jni = new FakeMachine();
        jni.resources.remove(CudaProbe.CUDA_JNI);
        assertReason(jni, "org.bytedeco:cuda", "-Pcuda-natives");
    }

    @Test
    void missingCudaLibrariesAreListed() {
        FakeMachine m = new FakeMachine();
        m.files.remove("/usr/local/cuda/lib64/libcudnn.so.8");
        m.files.remove("/usr/local/cuda/lib64/libcublas.so.11");
        assertReason(m, "CUDA 11 runtime libraries not found: libcublas.so.11, libcudnn.so.8", "cuDNN 8.3",
                "cuda-redist");
    }

    @Test
    void cudaLibrariesMayComeFromTheRedistributableJarOrCudaHome() {
        FakeMachine redist = new FakeMachine();
        for (String lib : CudaProbe.RUNTIME) {
            redist.files.remove("/usr/local/cuda/lib64/" + lib);
            redist.resources.add(CudaProbe.REDIST_DIR + lib);
        }
        assertNull(verdict(redist));

        FakeMachine home = new FakeMachine();
        home.env.put("CUDA_HOME", "/opt/cuda-11.6");
        for (String lib : CudaProbe.RUNTIME) {
            home.files.remove("/usr/local/cuda/lib64/" + lib);
            home.files.add("/opt/cuda-11.6/lib64/" + lib);
        }
        assertNull(verdict(home));
    }

    @Test
    void computeCapabilityBelowThreeFiveIsUnsupported() {
        assertNull(CudaProbe.computeCapabilityReason("A100", 8, 0));
        assertNull(CudaProbe.computeCapabilityReason("K80", 3, 7));
        assertNull(CudaProbe.computeCapabilityReason("K40", 3, 5));
        String old = CudaProbe.computeCapabilityReason("GTX 680", 3, 0);
        assertTrue(old.contains("unsupported GPU") && old.contains("GTX 680") && old.contains("3.0")
                && old.contains("3.5 or newer"), old);
    }
}
