package dev.neurite.onnx;

/** ONNX's recurrent operators (LSTM, GRU, RNN). */
final class RecurrentOps {
    private RecurrentOps() {
    }

    static void register(OnnxOperators.Registration r) {
    }
}
