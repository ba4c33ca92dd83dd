package dev.neurite.apps.cli;

import dev.neurite.api.io.Checkpoint;
import dev.neurite.api.train.ConfusionMatrix;
import dev.neurite.api.train.Metric;
import dev.neurite.api.train.Trainer;
import dev.neurite.layers.loss.SparseCategoricalCrossEntropy;
import dev.neurite.layers.optim.Adam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code neurite eval CKPT}: test-set loss, accuracy, top-5 and the confusion matrix of a saved model. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a saved model on the test set.")
final class EvalCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CKPT", description = "Checkpoint directory written by 'neurite train'.")
    Path checkpoint;

    @Mixin
    TestDataOptions testData;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws Exception {
        backendOptions.select();
        Checkpoint.Loaded loaded = Checkpoint.load(checkpoint);
        TrainingData data = testData.resolve();
        ConfusionMatrix confusion = new ConfusionMatrix(data.classNames().size());
        Trainer trainer = Trainer.builder(loaded.model(),
                        loaded.loss() != null ? loaded.loss() : new SparseCategoricalCrossEntropy(),
                        loaded.optimizer() != null ? loaded.optimizer() : new Adam(loaded.model().parameters()))
                .batchSize(512).metrics(Metric.accuracy(), Metric.topK(5), confusion).build();
        Map<String, Double> result = trainer.evaluate(data.test());
        System.out.println("data: " + data.description());
        System.out.printf(Locale.ROOT, "loss %.4f  accuracy %.2f%%  top-5 %.2f%%%n", result.get("loss"),
                100 * result.get("accuracy"), 100 * result.get("top5"));
        System.out.print(confusion);
        return ExitCodes.OK;
    }
}
