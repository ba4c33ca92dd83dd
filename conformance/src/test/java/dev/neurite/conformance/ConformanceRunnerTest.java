package dev.neurite.conformance;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runner behind {@code neurite doctor}: the whole kit on a named backend, outside a build's test phase. */
class ConformanceRunnerTest {
    @Test
    void runsTheWholeKitOnTheReferenceBackend() {
        List<String> told = new ArrayList<>();
        ConformanceReport report = ConformanceRunner.run("reference", told::add);
        assertTrue(report.ok(), report.summary() + " " + report.failures());
        // Every @Test of the kit ran once; the reference backend offers no fused kernel, so those skip.
        long kitTests = Stream.of(BackendConformance.class, SpatialKernelConformance.class)
                .flatMap(c -> Arrays.stream(c.getDeclaredMethods())).filter(m -> m.isAnnotationPresent(Test.class)).count();
        assertEquals(kitTests, report.passed() + report.skipped().size(), report.summary());
        assertTrue(report.skipped().stream().anyMatch(o -> o.message().contains("Kernel")), report.skipped().toString());
        assertEquals(report.skipped().size(), told.size(), "each skip is reported as it happens");
    }

    @Test
    void aBackendThatIsNotThereSkipsTheKitWithTheReasonAndIsNotOk() {
        ConformanceReport report = ConformanceRunner.run("no-such-backend", s -> { });
        assertFalse(report.ok());
        assertEquals(0, report.passed());
        assertEquals(1, report.skipped().size(), report.skipped().toString());
        assertTrue(report.skipped().get(0).message().contains("'no-such-backend' is not on the class path"),
                report.skipped().get(0).message());
    }
}
