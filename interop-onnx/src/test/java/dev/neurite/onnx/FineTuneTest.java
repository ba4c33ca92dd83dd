package dev.neurite.onnx;

import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.data.Dataset;
import dev.neurite.api.data.FashionMnist;
import dev.neurite.api.data.SyntheticImages;
import dev.neurite.api.train.Metric;
import dev.neurite.api.train.Trainer;
import dev.neurite.layers.loss.SparseCategoricalCrossEntropy;
import dev.neurite.layers.optim.Adam;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The LeNet exported from PyTorch is fine-tuned by the normal Trainer on Fashion-MNIST (a 3,000-image subset; the
 * built-in synthetic images when the data set is not installed) and its test accuracy and loss improve; the tuned
 * weights are written back as ONNX and read again.
 */
class FineTuneTest {
    @Test
    void importedCnnLearns() throws IOException {
        Dataset train;
        Dataset test;
        try {
            FashionMnist data = FashionMnist.load();
            train = data.train().subset(IntStream.range(0, 3000).toArray());
            test = data.test().subset(IntStream.range(0, 1000).toArray());
        } catch (IOException notInstalled) {
            train = SyntheticImages.generate(3000, 1);
            test = SyntheticImages.generate(1000, 2);
        }
        OnnxModel model = OnnxImporter.load(TorchModelsImportTest.torchCase("lenet").resolve("model.onnx"));
        assertFalse(model.parameters().isEmpty(), "the initializers are trainable parameters");
        float[] before = model.parameters().get("conv1.weight").toFloatArray();
        Trainer trainer = Trainer.builder(model, new SparseCategoricalCrossEntropy(), new Adam(model.parameters(), 2e-3))
                .epochs(2).batchSize(64).seed(3).metrics(Metric.accuracy()).build();
        Map<String, Double> initial = trainer.evaluate(test);
        trainer.fit(train);
        Map<String, Double> tuned = trainer.evaluate(test);
        System.out.println("fine-tuned imported LeNet: " + initial + " -> " + tuned);
        assertTrue(tuned.get("accuracy") > initial.get("accuracy") + 0.3, initial + " -> " + tuned);
        assertTrue(tuned.get("loss") < initial.get("loss") * 0.7, initial + " -> " + tuned);
        assertFalse(java.util.Arrays.equals(before, model.parameters().get("conv1.weight").toFloatArray()));

        OnnxModel again = OnnxImporter.load(model.toBytes());
        Tensor x = Tensor.rand(dev.neurite.api.Shape.of(2, 1, 28, 28), 5);
        try (GradMode.Guard g = GradMode.noGrad()) {
            model.eval();
            assertArrayEquals(model.forward(x).toFloatArray(), again.forward(x).toFloatArray(), 1e-6f);
        }
    }
}
