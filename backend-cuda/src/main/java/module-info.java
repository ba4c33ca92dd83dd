/**
 * The Neurite backend on ND4J nd4j-cuda-11.6 (NVIDIA GPUs). Exports nothing: it is reached through the
 * {@link dev.neurite.api.backend.BackendProvider} service. Like the CPU backend, at run time it and ND4J must be
 * on the class path (ND4J 1.0.0-M2.1's module descriptors are invalid).
 */
module dev.neurite.backend.cuda {
    requires dev.neurite.api;
    requires dev.neurite.backend.nd4j;
    requires org.bytedeco.javacpp;
    requires org.bytedeco.cuda;

    provides dev.neurite.api.backend.BackendProvider with dev.neurite.backend.cuda.CudaBackendProvider;
}
