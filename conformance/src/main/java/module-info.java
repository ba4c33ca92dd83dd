/**
 * The backend conformance kit: {@link dev.neurite.conformance.BackendConformance}, the JUnit tests every Neurite
 * backend must pass, and {@link dev.neurite.conformance.ConformanceRunner}, which runs them on a named backend from
 * a program (the CLI's {@code neurite doctor}). Names no backend.
 */
module dev.neurite.conformance {
    requires dev.neurite.api;
    requires transitive org.junit.jupiter.api;
    requires org.junit.platform.launcher;
    requires org.junit.platform.engine;

    exports dev.neurite.conformance;

    // JUnit instantiates the kit and calls its protected test methods reflectively.
    opens dev.neurite.conformance to org.junit.platform.commons;
}
