package dev.neurite.backend.cuda;

import dev.neurite.api.backend.Backend;
import dev.neurite.api.backend.Backends;
import dev.neurite.conformance.BackendConformance;

/**
 * The api conformance kit on the CUDA backend. Without a usable GPU (no driver, no device, natives not on the
 * class path, ...) every test is reported skipped with the probe's reason (a per-test abort: Maven Surefire drops
 * the message of a class-level one). It has never run on a GPU.
 */
class CudaBackendConformanceTest extends BackendConformance {
    @Override
    protected Backend backend() {
        assumeAvailable(CudaBackendProvider.NAME);
        return Backends.byName(CudaBackendProvider.NAME);
    }
}
