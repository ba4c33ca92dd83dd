package dev.neurite.apps.cli;

/** Exit codes scripts can rely on. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The command ran and failed (training diverged, a check did not pass, an I/O error). */
    public static final int FAILURE = 1;
    /** The command line was wrong (picocli's convention). */
    public static final int USAGE = 2;
    /** A backend, data set or peer the command needs is not available here. */
    public static final int UNAVAILABLE = 3;
    /** The input (checkpoint, data file) is corrupt or inconsistent. */
    public static final int BAD_INPUT = 4;

    private ExitCodes() {
    }
}
