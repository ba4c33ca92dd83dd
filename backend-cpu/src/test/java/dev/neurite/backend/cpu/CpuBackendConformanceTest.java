package dev.neurite.backend.cpu;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.Backend;
import dev.neurite.api.backend.BackendProvider;
import dev.neurite.api.backend.Backends;
import dev.neurite.api.backend.NdArray;
import dev.neurite.conformance.BackendConformance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The api conformance kit on the ND4J CPU backend, plus what is specific to it (discovery, natives, memory). */
class CpuBackendConformanceTest extends BackendConformance {
    /** Without usable natives (another OS, a missing natives jar) the whole class is skipped with the reason. */
    @BeforeAll
    static void nativesLoad() {
        assumeAvailable(CpuBackendProvider.NAME);
    }

    /** The instance the rest of the process gets from {@link Backends} (created once, then cached there). */
    @Override
    protected Backend backend() {
        return Backends.byName(CpuBackendProvider.NAME);
    }

    @Test
    void providerIsFoundByServiceLoaderAndBackends() {
        BackendProvider found = ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("cpu")).findFirst().orElseThrow();
        assertEquals(10, found.priority());
        assertTrue(found.isAvailable(), found.unavailableReason());
        assertEquals("", found.unavailableReason());
        assertEquals("cpu", Backends.byName("cpu").name());
    }

    @Test
    void loadsTheBestOneDnnBuildForThisCpu() throws IOException {
        String device = backend().device();
        assertTrue(device.startsWith("CPU "), device);
        // CpuNatives uses every core unless OMP_NUM_THREADS says otherwise (then ND4J follows that).
        String omp = System.getenv("OMP_NUM_THREADS");
        int threads = omp == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(omp.trim());
        assertTrue(device.contains(threads + " threads"), device);
        String flags = Files.readString(Path.of("/proc/cpuinfo"));
        if (System.getProperty(CpuNatives.EXTENSION_PROPERTY, "").equals("-onednn-avx512") && flags.contains("avx512f")) {
            assertTrue(device.endsWith("nd4j-native oneDNN avx512"), device);
        }
    }

    /** Inputs that would crash libnd4j (SIGFPE, out-of-bounds reads) are refused before the native call. */
    @Test
    void refusesWhatWouldCrashNatively() {
        NdArray x = track(backend().fromLongs(new long[]{4, 6}, Shape.of(2), DType.INT64));
        NdArray zero = track(backend().fromLongs(new long[]{2, 0}, Shape.of(2), DType.INT64));
        rejects(() -> backend().binary(dev.neurite.api.backend.BinaryOp.DIV, x, zero), "div", "zero");
        rejects(() -> backend().applyInPlace(dev.neurite.api.backend.BinaryOp.DIV, x, zero), "div", "zero");
        NdArray big = track(backend().fromLongs(new long[]{0, 1 << 20}, Shape.of(2), DType.INT64));
        rejects(() -> backend().gather(x, 0, big), "gather", "out of range", "1048576");
        NdArray many = track(backend().full(Shape.of(100_000), 2, DType.INT64));
        rejects(() -> backend().gather(x, 0, many), "gather", "out of range");
        NdArray bools = track(backend().fromLongs(new long[]{1}, Shape.of(1, 1), DType.BOOL));
        rejects(() -> backend().matmul(bools, bools, false, false), "matmul", "bool");
    }

    /** Allocates 40 x 128 MB, closing each: without deterministic release this would exhaust native memory. */
    @Test
    void closingReleasesNativeMemory() throws IOException {
        long before = residentBytes();
        for (int i = 0; i < 40; i++) {
            try (NdArray big = backend().full(Shape.of(32L << 20), 1, DType.FLOAT32);
                 NdArray view = backend().reshape(big, Shape.of(32, 1L << 20));
                 NdArray one = backend().slice(view, new long[]{3, 5}, new long[]{4, 6}, new long[]{1, 1})) {
                assertEquals(1.0, backend().item(one));
            }
        }
        long growth = residentBytes() - before;
        assertTrue(growth < 1L << 30, "resident memory grew by " + (growth >> 20) + " MB");
    }

    private static long residentBytes() throws IOException {
        String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
        return Long.parseLong(statm[1]) * 4096;
    }
}
