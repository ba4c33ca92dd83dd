package dev.neurite.conformance;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs the conformance kit ({@link BackendConformance}) on a backend named at run time, outside a build: the same
 * tests a backend's own build runs, launched through the JUnit Platform in this JVM. It makes that backend current
 * while the kit runs (as the kit does in builds) and leaves it created: with ND4J backends a JVM holds one.
 */
public final class ConformanceRunner {
    private ConformanceRunner() {
    }

    /**
     * Runs every kit test on backend {@code name}.
     *
     * @param progress told the name of each test that did not pass, as it finishes (may be a no-op)
     */
    public static synchronized ConformanceReport run(String name, Consumer<String> progress) {
        Objects.requireNonNull(name, "name");
        NamedBackendConformance.target(name);
        Collector collector = new Collector(progress);
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(NamedBackendConformance.class))
                // Only the kit runs: no extensions or settings picked up from whatever else is on the class path.
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                .build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, collector);
        return new ConformanceReport(name, collector.passed, collector.failures, collector.skipped);
    }

    private static final class Collector implements TestExecutionListener {
        private final Consumer<String> progress;
        private final List<ConformanceReport.Outcome> failures = new ArrayList<>();
        private final List<ConformanceReport.Outcome> skipped = new ArrayList<>();
        private int passed;

        Collector(Consumer<String> progress) {
            this.progress = progress;
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            skipped.add(new ConformanceReport.Outcome(label(id), reason));
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            // Containers count only when they themselves did not pass (the kit skipped or failed as a whole).
            TestExecutionResult.Status status = result.getStatus();
            if (!id.isTest() && status == TestExecutionResult.Status.SUCCESSFUL) {
                return;
            }
            if (!id.isTest() && id.getParentId().isEmpty()) {
                return;
            }
            String message = result.getThrowable().map(ConformanceRunner::message).orElse("");
            switch (status) {
                case SUCCESSFUL -> passed++;
                case ABORTED -> {
                    skipped.add(new ConformanceReport.Outcome(label(id), message));
                    progress.accept("skipped " + label(id) + ": " + message);
                }
                case FAILED -> {
                    failures.add(new ConformanceReport.Outcome(label(id), message));
                    progress.accept("FAILED " + label(id) + ": " + message);
                }
            }
        }

        private static String label(TestIdentifier id) {
            return id.isTest() ? id.getDisplayName().replaceFirst("\\(\\)$", "") : "the whole kit";
        }
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }
}
