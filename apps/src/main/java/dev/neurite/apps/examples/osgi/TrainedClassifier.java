package dev.neurite.apps.examples.osgi;

import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.backend.Backends;
import dev.neurite.api.data.InMemoryDataset;
import dev.neurite.api.data.SyntheticImages;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Loss;
import dev.neurite.api.nn.Optimizer;
import dev.neurite.api.nn.Registry;
import dev.neurite.api.train.Metric;
import dev.neurite.api.train.Trainer;

import java.util.List;

/**
 * An MLP trained on the built-in synthetic images. Every part comes from the registry by type id (the layers,
 * the loss and the optimizer are provided by whatever bundles offer them as services), and the tensors live on the
 * backend that is current when training starts.
 */
final class TrainedClassifier implements ImageClassifier {
    private final Layer model;
    private final String backend;
    private final double accuracy;

    private TrainedClassifier(Layer model, String backend, double accuracy) {
        this.model = model;
        this.backend = backend;
        this.accuracy = accuracy;
    }

    static TrainedClassifier train(int samples, int epochs, long seed) {
        String backend = Backends.current().name();
        Registry registry = Registry.global();
        Layer model = registry.layer(spec("sequential", Config.empty().with("layers", List.of(
                spec("flatten", Config.empty()),
                spec("dense", Config.empty().with("in", 784).with("out", 32).with("seed", seed)),
                spec("relu", Config.empty()),
                spec("dense", Config.empty().with("in", 32).with("out", 10).with("seed", seed + 1))))));
        Loss loss = registry.loss(spec("sparse_categorical_cross_entropy", Config.empty()));
        Optimizer adam = registry.optimizer(spec("adam", Config.empty().with("lr", 3e-3)), model.parameters());
        Trainer trainer = Trainer.builder(model, loss, adam).epochs(epochs).batchSize(64).seed(seed)
                .metrics(Metric.accuracy()).build();
        trainer.fit(SyntheticImages.generate(samples, seed));
        InMemoryDataset heldOut = SyntheticImages.generate(samples / 4, seed + 1);
        double accuracy = trainer.evaluate(heldOut).get("accuracy");
        model.eval();
        return new TrainedClassifier(model, backend, accuracy);
    }

    private static Config spec(String type, Config config) {
        return Config.empty().with("type", type).with("config", config);
    }

    @Override
    public String classify(float[] pixels) {
        int side = SyntheticImages.SIDE;
        if (pixels == null || pixels.length != side * side) {
            throw new IllegalArgumentException("classify: expected " + side * side + " pixels (" + side + "x" + side
                    + "), got " + (pixels == null ? "null" : pixels.length));
        }
        try (MemoryScope scope = MemoryScope.open(); GradMode.Guard off = GradMode.noGrad()) {
            Tensor logits = model.forward(Tensor.of(pixels, 1, 1, side, side));
            int label = (int) logits.argmax(1).item();
            return SyntheticImages.CLASS_NAMES.get(label);
        }
    }

    @Override
    public List<String> classes() {
        return SyntheticImages.CLASS_NAMES;
    }

    @Override
    public String backend() {
        return backend;
    }

    @Override
    public double accuracy() {
        return accuracy;
    }
}
