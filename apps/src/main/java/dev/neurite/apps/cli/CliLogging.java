package dev.neurite.apps.cli;

/**
 * One line per log record on stderr for what Neurite logs through {@link System.Logger} (backed by
 * java.util.logging): e.g. {@code INFO: backend 'cuda' skipped: no NVIDIA driver ...} instead of java.util.logging's
 * two-line default with a timestamp and the logging class.
 */
final class CliLogging {
    static final String FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";

    private CliLogging() {
    }

    /** Sets the one-line format unless the user set a format; must run before the first record is logged. */
    static void install() {
        if (System.getProperty(FORMAT_PROPERTY) == null) {
            System.setProperty(FORMAT_PROPERTY, "%4$s: %5$s%6$s%n");
        }
    }
}
