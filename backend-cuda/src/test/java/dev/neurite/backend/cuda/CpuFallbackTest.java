package dev.neurite.backend.cuda;

import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Backends;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * With backend-cuda and backend-cpu on one class path and no GPU, a fresh JVM runs on the CPU and says once, in
 * one line, why cuda was skipped. Unpatched, ND4J would first try its CUDA backend and print an
 * {@code UnsatisfiedLinkError} stack trace; Neurite shows ND4J only the backend it chose.
 */
class CpuFallbackTest {
    @BeforeAll
    static void noGpuHere() {
        assumeTrue(new CudaProbe(Machine.local(CpuFallbackTest.class.getClassLoader())).unavailableReason() != null,
                "this machine passes the CUDA probe");
    }

    @Test
    void aJvmWithBothBackendsAndNoGpuRunsOnCpuWithOneLineAboutCuda() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx1g",
                "-Djava.util.logging.SimpleFormatter.format=%4$s: %5$s%n",
                "-cp", System.getProperty("java.class.path"), Child.class.getName()).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(5, TimeUnit.MINUTES));
        String all = "stdout:\n" + out + "\nstderr:\n" + err;
        assertEquals(0, child.exitValue(), all);
        assertTrue(out.contains("backend=cpu"), all);
        assertTrue(out.contains("grad=[2.0, 4.0, 6.0]"), all);
        assertFalse(err.contains("UnsatisfiedLinkError") || err.contains("Exception") || err.contains("\tat "), all);
        List<String> aboutCuda = err.lines().filter(l -> l.contains("cuda")).toList();
        assertEquals(1, aboutCuda.size(), all);
        assertTrue(aboutCuda.get(0).contains("backend 'cuda' skipped: "), all);
    }

    /** Chooses the backend as any program would, then computes a gradient on it. */
    public static final class Child {
        public static void main(String[] args) {
            System.out.println("backend=" + Backends.current().name());
            Tensor x = Tensor.of(new double[]{1, 2, 3}, 3).requiresGrad(true);
            x.mul(x).sum().backward();
            System.out.println("grad=" + java.util.Arrays.toString(x.grad().toDoubleArray()));
        }
    }
}
