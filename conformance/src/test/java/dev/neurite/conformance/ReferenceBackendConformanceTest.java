package dev.neurite.conformance;

import dev.neurite.api.backend.Backend;
import dev.neurite.api.testing.ReferenceBackend;

/** The conformance kit on the pure-Java float64 reference backend: the kit's own check that it asks nothing odd. */
class ReferenceBackendConformanceTest extends BackendConformance {
    private static final Backend BACKEND = new ReferenceBackend();

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
