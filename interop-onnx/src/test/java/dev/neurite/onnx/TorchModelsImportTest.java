package dev.neurite.onnx;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** PyTorch models exported by src/test/python/export_torch_models.py import and reproduce PyTorch's outputs to 1e-4. */
class TorchModelsImportTest {
    static Path torchCase(String name) {
        try {
            return Path.of(Objects.requireNonNull(TorchModelsImportTest.class.getResource("/onnx/torch/" + name + "/model.onnx"),
                    "missing fixture " + name).toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "mlp_typed_data", "mlp_external_data", "lenet", "resnet", "mobilenet_block", "lstm",
            "gru", "rnn", "transformer_encoder", "ops"})
    void matchesPyTorch(String name) {
        OnnxTestCase.Result r = new OnnxTestCase(torchCase(name)).run(1e-4, 0);
        assertTrue(r.passed(), name + ": " + r.message());
        assertTrue(r.dataSets() == 1 && r.maxAbsDiff() <= 1e-4, r.toString());
    }
}
