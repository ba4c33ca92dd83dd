package dev.neurite.backend.cuda;

import dev.neurite.api.backend.BackendProvider;
import dev.neurite.api.backend.BackendUnavailableException;
import dev.neurite.api.backend.Backends;
import dev.neurite.backend.nd4j.Nd4jProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** On a machine the probe turns down (this one, without a GPU): a quick, clean no that leaves ND4J alone. */
class CudaWithoutGpuTest {
    private static String probeReason;

    @BeforeAll
    static void noGpuHere() {
        probeReason = new CudaProbe(Machine.local(CudaWithoutGpuTest.class.getClassLoader())).unavailableReason();
        assumeTrue(probeReason != null, "this machine passes the CUDA probe; the no-GPU path is covered by CudaProbeTest");
    }

    private static BackendProvider provider() {
        return ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("cuda")).findFirst().orElseThrow();
    }

    @Test
    void theProviderIsFoundAndOutranksCpu() {
        BackendProvider cuda = provider();
        assertEquals(100, cuda.priority());
        assertEquals("cuda", Backends.providers().get(0).name(), "highest priority first");
    }

    @Test
    void answersNoWithTheProbesReasonAndNeverTouchesNd4j() {
        BackendProvider cuda = provider();
        assertFalse(cuda.isAvailable());
        assertEquals(probeReason, cuda.unavailableReason());
        assertTrue(cuda.device().contains("unavailable"), cuda.device());
        assertNotEquals("cuda", Nd4jProcess.owner(), "the CUDA backend must not have started ND4J");
    }

    @Test
    void forcingItFailsWithTheReason() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> Backends.byName("cuda"));
        assertEquals("backend 'cuda' was found but is unavailable: " + probeReason, e.getMessage());
        assertThrows(BackendUnavailableException.class, () -> provider().create());
    }
}
