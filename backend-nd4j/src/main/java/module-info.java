/**
 * Internal: the ND4J code shared by Neurite's ND4J backends (no natives). Exported only to the backend modules, so
 * nothing else can name it; see {@code dev.neurite.backend.nd4j}.
 *
 * <p>Like the backends, at run time this module and ND4J must be on the class path (ND4J 1.0.0-M2.1's module
 * descriptors are invalid); there this descriptor is ignored.
 */
module dev.neurite.backend.nd4j {
    requires transitive dev.neurite.api;
    requires nd4j.api;
    requires nd4j.common;
    requires org.bytedeco.javacpp;

    exports dev.neurite.backend.nd4j to dev.neurite.backend.cpu, dev.neurite.backend.cuda;
}
