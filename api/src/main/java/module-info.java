/**
 * Neurite's stable API: tensors, autograd, the Backend/Layer/Loss/Optimizer SPI, training, data and checkpoints.
 * Depends on the JDK only.
 */
module dev.neurite.api {
    requires java.net.http;

    exports dev.neurite.api;
    exports dev.neurite.api.autograd;
    exports dev.neurite.api.backend;
    exports dev.neurite.api.backend.kernel;
    exports dev.neurite.api.nn;
    exports dev.neurite.api.train;
    exports dev.neurite.api.data;
    exports dev.neurite.api.io;

    uses dev.neurite.api.backend.BackendProvider;
    uses dev.neurite.api.nn.ComponentProvider;

    provides dev.neurite.api.nn.ComponentProvider with dev.neurite.api.nn.ApiComponents;
}
