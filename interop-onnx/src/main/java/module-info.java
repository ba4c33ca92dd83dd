/**
 * ONNX interop for Neurite: imports ONNX models as executable, differentiable layers and exports models built from
 * the standard layers. The generated protobuf classes stay internal; the API speaks Neurite tensors and layers.
 */
module dev.neurite.onnx {
    requires transitive dev.neurite.api;
    requires transitive dev.neurite.layers;
    requires com.google.protobuf;

    exports dev.neurite.onnx;
}
