package dev.neurite.conformance;

import java.util.List;

/**
 * What a {@link ConformanceRunner} run found: every kit test passed, failed or skipped (a kernel the backend does
 * not offer, or the whole kit when the backend is unavailable), each failure and skip with its message.
 *
 * @param backend  the backend name the kit ran on
 * @param passed   tests that passed
 * @param failures failed tests, in run order
 * @param skipped  skipped tests (and a skipped class as one entry), in run order
 */
public record ConformanceReport(String backend, int passed, List<Outcome> failures, List<Outcome> skipped) {
    /** One test (or the whole kit) that did not pass, with the assertion's or the skip's message. */
    public record Outcome(String test, String message) {
    }

    public ConformanceReport {
        failures = List.copyOf(failures);
        skipped = List.copyOf(skipped);
    }

    /** True when no test failed and at least one ran: a kit skipped as a whole does not count as passing. */
    public boolean ok() {
        return failures.isEmpty() && passed > 0;
    }

    /** E.g. {@code 118 passed, 0 failed, 3 skipped}. */
    public String summary() {
        return passed + " passed, " + failures.size() + " failed, " + skipped.size() + " skipped";
    }
}
