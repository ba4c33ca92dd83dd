package dev.neurite.api.testing;

import dev.neurite.api.backend.Backend;

/** The conformance kit on the pure-Java float64 reference backend: the kit's own check that it asks nothing odd. */
class ReferenceBackendConformanceTest extends BackendConformance {
    private static final Backend BACKEND = new ReferenceBackend();

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
