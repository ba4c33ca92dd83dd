package dev.neurite.apps.cli;

import dev.neurite.api.backend.BackendProvider;
import dev.neurite.api.backend.BackendUnavailableException;
import dev.neurite.api.backend.Backends;
import dev.neurite.conformance.ConformanceReport;
import dev.neurite.conformance.ConformanceRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code neurite doctor --backend NAME}: proves a backend on the user's own machine. Runs the conformance kit (the
 * tests every backend's build runs) on it in this process, then trains the MLP and the CNN for a few Adam steps from
 * one seed on {@code cpu} and on {@code NAME}, each in a JVM of its own, and compares the losses step by step.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check a backend here: the backend conformance kit, then a short MLP and CNN parity run against "
                + "cpu (losses step by step within --tolerance), and a report. Exit 0 when everything passed.")
final class DoctorCommand implements Callable<Integer> {
    static final List<String> PARITY_MODELS = List.of("mlp", "cnn");
    static final String REFERENCE = "cpu";

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Backend to check (default: the one Neurite would choose: NEURITE_BACKEND, -Dneurite.backend, else the best available).")
    String backend;

    @Option(names = "--steps", defaultValue = "5", description = "Adam steps per parity run (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the models and data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--tolerance", defaultValue = "1e-3",
            description = "Largest accepted |loss(cpu) - loss(NAME)| / max(1, |loss(cpu)|) per step (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--skip-kit", description = "Only the parity run.")
    boolean skipKit;

    @Option(names = "--skip-parity", description = "Only the conformance kit.")
    boolean skipParity;

    @Override
    public Integer call() {
        if (steps < 1) {
            throw new IllegalArgumentException("doctor: --steps must be >= 1, got " + steps);
        }
        String name = backend == null || backend.isBlank() ? Backends.current().name() : backend.trim().toLowerCase(Locale.ROOT);
        BackendProvider provider = provider(name);
        System.out.println("neurite doctor: backend '" + name + "'");
        List<String> verdicts = new ArrayList<>();
        boolean ok = true;

        if (!skipKit) {
            section("Conformance kit on '" + name + "'");
            ConformanceReport report = ConformanceRunner.run(name, line -> System.out.println("  " + line));
            System.out.println("device: " + Backends.byName(name).device());
            System.out.println(report.summary());
            ok &= report.ok();
            verdicts.add(String.format(Locale.ROOT, "%-18s %s (%s)", "conformance kit", report.ok() ? "PASS" : "FAIL",
                    report.summary()));
        }
        if (!skipParity) {
            section(String.format(Locale.ROOT, "Parity: %s vs %s, %d Adam steps from seed %d, batch %d, tolerance %s",
                    REFERENCE, name, steps, seed, ParityWorker.BATCH, tolerance));
            for (String model : PARITY_MODELS) {
                String verdict = parity(model, name);
                ok &= verdict.startsWith("PASS");
                verdicts.add(String.format(Locale.ROOT, "%-18s %s", "parity " + model, verdict));
            }
        }
        section("Report");
        System.out.println("backend '" + name + "' (" + provider.device() + ")");
        verdicts.forEach(System.out::println);
        System.out.println(ok ? "all checks passed" : "SOME CHECKS FAILED");
        return ok ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** The provider named {@code name}, or the same error {@code --backend} gives when it is absent or unusable. */
    private static BackendProvider provider(String name) {
        for (BackendProvider p : Backends.providers()) {
            if (p.name().equalsIgnoreCase(name)) {
                if (!p.isAvailable()) {
                    throw new BackendUnavailableException("backend '" + name + "' was found but is unavailable: "
                            + p.unavailableReason());
                }
                return p;
            }
        }
        Backends.byName(name);   // throws, naming what was found
        throw new IllegalStateException("unreachable");
    }

    private String parity(String model, String name) {
        ParityRun.Result ref = ParityRun.run(REFERENCE, model, steps, seed);
        ParityRun.Result other = ParityRun.run(name, model, steps, seed);
        System.out.printf(Locale.ROOT, "%s: %s on %s | %s on %s%n", model, REFERENCE, ref.ok() ? ref.device() : "-",
                name, other.ok() ? other.device() : "-");
        for (ParityRun.Result r : List.of(ref, other)) {
            if (!r.ok()) {
                System.out.println("  " + r.backend() + ": " + r.error());
                return "FAIL (" + r.backend() + ": " + r.error() + ")";
            }
        }
        System.out.printf(Locale.ROOT, "  %4s  %14s  %14s  %10s%n", "step", "loss " + REFERENCE, "loss " + name, "rel. diff");
        for (int i = 0; i < steps; i++) {
            double d = ParityRun.maxRelativeDifference(new double[]{ref.losses()[i]}, new double[]{other.losses()[i]});
            System.out.printf(Locale.ROOT, "  %4d  %14.9f  %14.9f  %10.2e%n", i, ref.losses()[i], other.losses()[i], d);
        }
        double max = ParityRun.maxRelativeDifference(ref.losses(), other.losses());
        boolean pass = max <= tolerance;
        return String.format(Locale.ROOT, "%s (largest relative difference %.2e, tolerance %s)", pass ? "PASS" : "FAIL",
                max, tolerance);
    }

    private static void section(String title) {
        System.out.println();
        System.out.println("== " + title);
    }
}
