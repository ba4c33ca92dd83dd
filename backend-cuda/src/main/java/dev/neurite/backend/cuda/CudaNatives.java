package dev.neurite.backend.cuda;

import dev.neurite.backend.nd4j.Nd4jProcess;
import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.cuda.global.cudart;

/**
 * Starts ND4J's CUDA build once per process and remembers whether that worked, in three steps, each only when
 * the one before passed: {@link CudaProbe} inspects the machine without loading native code; then the CUDA
 * runtime (not ND4J) is asked for the devices and their compute capability; only then is ND4J loaded, through
 * {@link Nd4jProcess}, which shows it no other ND4J backend.
 */
final class CudaNatives {
    /** The ND4J backend class of nd4j-cuda. */
    static final String ND4J_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

    /** Outcome of starting: {@code reason} is empty when {@code available}; {@code gpu} describes device 0. */
    record Status(boolean available, String reason, String gpu) {
    }

    private static volatile Status status;

    private CudaNatives() {
    }

    static Status status() {
        Status s = status;
        if (s == null) {
            synchronized (CudaNatives.class) {
                s = status;
                if (s == null) {
                    s = start(new CudaProbe(Machine.local(CudaNatives.class.getClassLoader())));
                    status = s;
                }
            }
        }
        return s;
    }

    /** The started status, failing with its reason when CUDA is unusable. */
    static Status require() {
        Status s = status();
        if (!s.available()) {
            throw new IllegalStateException("cuda backend: unavailable: " + s.reason());
        }
        return s;
    }

    static Status start(CudaProbe probe) {
        String reason = probe.unavailableReason();
        if (reason == null) {
            reason = Nd4jProcess.conflict(CudaBackendProvider.NAME);
        }
        if (reason != null) {
            return new Status(false, reason, "");
        }
        String gpu;
        try {
            int[] count = {0};
            int error = cudart.cudaGetDeviceCount(count);
            if (error != cudart.cudaSuccess) {
                return new Status(false, "the CUDA runtime cannot list devices: error " + error + " ("
                        + cudart.cudaGetErrorString(error).getString() + "); check the driver with nvidia-smi", "");
            }
            if (count[0] == 0) {
                return new Status(false, "no NVIDIA GPU: the CUDA runtime reports no device", "");
            }
            try (cudaDeviceProp p = new cudaDeviceProp()) {
                cudart.cudaGetDeviceProperties(p, 0);
                String name = p.name().getString();
                String unsupported = CudaProbe.computeCapabilityReason(name, p.major(), p.minor());
                if (unsupported != null) {
                    return new Status(false, unsupported, "");
                }
                gpu = "GPU " + name + " (compute capability " + p.major() + "." + p.minor() + ", "
                        + (p.totalGlobalMem() >> 20) + " MB)" + (count[0] > 1 ? ", 1 of " + count[0] : "");
            }
        } catch (Throwable t) {
            return new Status(false, "the CUDA runtime could not be loaded: " + Nd4jProcess.rootMessage(t)
                    + "; check that CUDA 11.6 and cuDNN 8.3 match the driver (nvidia-smi)", "");
        }
        String failure = Nd4jProcess.load(CudaBackendProvider.NAME, ND4J_BACKEND, CudaNatives.class.getClassLoader());
        if (failure != null) {
            return new Status(false, failure, gpu);
        }
        return new Status(true, "", gpu);
    }

    /** E.g. {@code GPU NVIDIA A100 (compute capability 8.0, 40536 MB), nd4j-cuda-11.6}. */
    static String device() {
        Status s = status;
        if (s == null) {
            return "NVIDIA GPU, nd4j-cuda-11.6 (not loaded yet)";
        }
        if (!s.available()) {
            return "NVIDIA GPU, nd4j-cuda-11.6 unavailable";
        }
        return s.gpu() + ", nd4j-cuda-11.6";
    }
}
