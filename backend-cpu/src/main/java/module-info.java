/**
 * The Neurite backend on ND4J nd4j-native (oneDNN builds): chooses and loads the natives, then runs the shared
 * ND4J code of {@code dev.neurite.backend.nd4j}. Exports nothing: it is reached through the
 * {@link dev.neurite.api.backend.BackendProvider} service.
 *
 * <p>Compiles against ND4J's module names, but at run time this module and ND4J must be on the class path: the
 * module descriptors in ND4J 1.0.0-M2.1 are invalid (nd4j-api exports packages its jar lacks, and requires lombok),
 * so the JVM refuses them on the module path. On the class path this descriptor is ignored and
 * META-INF/services registers the provider. A module-path application (api on the module path, this jar and ND4J
 * on the class path) must also pass {@code --add-modules jdk.unsupported}: JavaCPP needs sun.misc.Unsafe.
 */
module dev.neurite.backend.cpu {
    requires dev.neurite.api;
    requires dev.neurite.backend.nd4j;
    requires nd4j.api;
    requires nd4j.common;
    requires nd4j.cpu;
    requires org.bytedeco.javacpp;

    provides dev.neurite.api.backend.BackendProvider with dev.neurite.backend.cpu.CpuBackendProvider;
}
