/**
 * The neurite command line, examples and benchmarks: the one module that may name backends. Backends are still
 * found at run time through {@link dev.neurite.api.backend.BackendProvider} services, so none is required here.
 */
module dev.neurite.apps {
    requires dev.neurite.api;
    requires dev.neurite.layers;
    requires info.picocli;
    requires jmh.core;

    exports dev.neurite.apps.models;
    exports dev.neurite.apps.bench;
    exports dev.neurite.apps.cli;
    exports dev.neurite.apps.seq;

    // picocli reads the command classes' annotated fields reflectively.
    opens dev.neurite.apps.cli to info.picocli;
    // JMH's generated harness instantiates the benchmark state reflectively.
    opens dev.neurite.apps.bench to jmh.core;

    uses dev.neurite.api.backend.BackendProvider;
}
