/**
 * The neurite command line, the OSGi launcher and its glue, Guice wiring, examples and benchmarks: the one module
 * that may name backends. Backends are still found at run time through
 * {@link dev.neurite.api.backend.BackendProvider} services, so none is required here.
 */
module dev.neurite.apps {
    requires dev.neurite.api;
    requires dev.neurite.layers;
    requires dev.neurite.conformance;
    requires dev.neurite.onnx;
    requires dev.neurite.rl;
    requires dev.neurite.generative;
    requires com.microsoft.onnxruntime; // neurite onnx bench runs ONNX Runtime beside Neurite
    requires info.picocli;
    requires jmh.core;
    requires org.apache.felix.framework;
    requires com.google.guice;
    requires org.knowm.xchart;
    requires java.desktop;
    // Declarative Services annotations are read by bnd at build time only.
    requires static org.osgi.service.component.annotations;

    exports dev.neurite.apps.models;
    exports dev.neurite.apps.bench;
    exports dev.neurite.apps.cli;
    exports dev.neurite.apps.osgi;
    exports dev.neurite.apps.osgi.dist;
    exports dev.neurite.apps.examples;
    exports dev.neurite.apps.examples.guice;
    exports dev.neurite.apps.inject;
    exports dev.neurite.apps.plot;
    exports dev.neurite.apps.seq;

    // picocli reads the command classes' annotated fields reflectively.
    opens dev.neurite.apps.cli to info.picocli;
    // Guice calls the modules' provider methods and @Inject constructors reflectively.
    opens dev.neurite.apps.inject to com.google.guice;
    opens dev.neurite.apps.examples.guice to com.google.guice;
    // JMH's generated harness instantiates the benchmark state reflectively.
    opens dev.neurite.apps.bench to jmh.core;

    uses dev.neurite.api.backend.BackendProvider;
    uses org.osgi.framework.launch.FrameworkFactory;
}
