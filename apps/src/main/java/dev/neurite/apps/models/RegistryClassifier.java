package dev.neurite.apps.models;

import dev.neurite.api.backend.Backends;
import dev.neurite.api.data.SyntheticImages;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Loss;
import dev.neurite.api.nn.Optimizer;
import dev.neurite.api.nn.Registry;
import dev.neurite.api.train.History;
import dev.neurite.api.train.Metric;
import dev.neurite.api.train.Trainer;

import java.util.List;
import java.util.Map;

/**
 * A small image classifier (an MLP 784-64-10 on the built-in synthetic images) built only from the registry's type ids:
 * no layer, loss or optimizer class is named, so it runs wherever the registry is filled, from {@code ServiceLoader}
 * on the class or module path or from OSGi services inside Felix. The same seed gives the same losses everywhere.
 */
public final class RegistryClassifier {
    /** What one run produced: the backend it ran on, the training loss of each epoch, and the held-out accuracy. */
    public record Result(String backend, double[] epochLosses, double accuracy, Layer model) {
    }

    private RegistryClassifier() {
    }

    /** The model as a registry spec; weights are seeded from {@code seed}. */
    public static Config spec(long seed) {
        List<Config> layers = List.of(
                layer("normalize", Config.empty().with("mean", List.of(0.5)).with("std", List.of(0.5))),
                layer("flatten", Config.empty()),
                layer("dense", Config.empty().with("in", 784).with("out", 64).with("bias", true).with("seed", seed)),
                layer("relu", Config.empty()),
                layer("dense", Config.empty().with("in", 64).with("out", 10).with("bias", true).with("seed", seed + 1)));
        return layer("sequential", Config.empty().with("layers", layers));
    }

    /** Trains for {@code epochs} on {@code samples} synthetic images and evaluates on a quarter as many unseen ones. */
    public static Result train(int epochs, int samples, long seed) {
        if (epochs < 1 || samples < 1) {
            throw new IllegalArgumentException("registry classifier: expected epochs >= 1 and samples >= 1, got epochs "
                    + epochs + ", samples " + samples);
        }
        String backend = Backends.current().name();
        Registry registry = Registry.global();
        Layer model = registry.layer(spec(seed));
        Loss loss = registry.loss(layer("sparse_categorical_cross_entropy", Config.empty()));
        Optimizer optimizer = registry.optimizer(layer("adam", Config.empty().with("lr", 1e-2)), model.parameters());
        Trainer trainer = Trainer.builder(model, loss, optimizer).epochs(epochs).batchSize(32).seed(seed)
                .metrics(Metric.accuracy()).build();
        History history = trainer.fit(SyntheticImages.generate(samples, seed));
        Map<String, Double> test = trainer.evaluate(SyntheticImages.generate(Math.max(1, samples / 4), seed + 1));
        return new Result(backend, history.series("loss"), test.get("accuracy"), model);
    }

    private static Config layer(String type, Config config) {
        return Config.empty().with("type", type).with("config", config);
    }
}
