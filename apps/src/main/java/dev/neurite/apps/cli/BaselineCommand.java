package dev.neurite.apps.cli;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Backend;
import dev.neurite.api.data.Dataset;
import dev.neurite.api.data.SyntheticImages;
import dev.neurite.layers.classic.KMeans;
import dev.neurite.layers.classic.KNearestNeighbors;
import dev.neurite.layers.classic.LinearRegression;
import dev.neurite.layers.classic.LogisticRegression;
import dev.neurite.layers.classic.PCA;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code neurite baseline METHOD}: a classical baseline (k-NN, least squares, logistic regression, k-means, PCA) on a
 * random subset of Fashion-MNIST (or the built-in synthetic images), the reference numbers a deep model should beat.
 */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = "Run a classical baseline on a subset of Fashion-MNIST (or built-in synthetic images when it is absent): "
                + "knn, linear and logistic print test accuracy, kmeans inertia and purity, pca explained variance.")
final class BaselineCommand implements Callable<Integer> {
    static final List<String> METHODS = List.of("knn", "linear", "logistic", "kmeans", "pca");

    /** Completion candidates for METHOD. */
    static final class Methods implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return METHODS.iterator();
        }
    }

    @Parameters(index = "0", paramLabel = "METHOD", description = "Baseline: ${COMPLETION-CANDIDATES}", completionCandidates = Methods.class)
    String method;

    @Option(names = "--train", defaultValue = "10000", description = "Training images, a random subset (default: ${DEFAULT-VALUE}).")
    int trainSize;

    @Option(names = "--test", defaultValue = "2000", description = "Test images, a random subset (default: ${DEFAULT-VALUE}).")
    int testSize;

    @Option(names = "--k", defaultValue = "5", description = "knn: neighbours that vote (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--metric", defaultValue = "l2", description = "knn: distance, l1 or l2 (default: ${DEFAULT-VALUE}).")
    String metric;

    @Option(names = "--ridge", defaultValue = "1", description = "linear: ridge lambda; Fashion-MNIST has constant pixels, so 0 "
            + "leaves X^T X singular (default: ${DEFAULT-VALUE}).")
    double ridge;

    @Option(names = "--l2", defaultValue = "1e-4", description = "logistic: weight penalty (default: ${DEFAULT-VALUE}).")
    double l2;

    @Option(names = "--iterations", defaultValue = "100",
            description = "logistic: L-BFGS iterations; kmeans: Lloyd iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--clusters", defaultValue = "10", description = "kmeans: clusters (default: ${DEFAULT-VALUE}).")
    int clusters;

    @Option(names = "--components", defaultValue = "50", description = "pca: components kept (default: ${DEFAULT-VALUE}).")
    int components;

    @Option(names = "--synthetic", description = "Use the built-in synthetic images even if Fashion-MNIST is installed.")
    boolean synthetic;

    @Mixin
    TestDataOptions dataOptions;

    @Mixin
    BackendOptions backendOptions;

    @Spec
    CommandSpec spec;

    /** One subset's features {@code [n, 784]} (pixels in [0, 1]) and int64 labels. */
    private record Split(Tensor x, Tensor labels, long[] classes) {
    }

    @Override
    public Integer call() throws Exception {
        String m = method.toLowerCase(Locale.ROOT);
        if (!METHODS.contains(m)) {
            throw new ParameterException(spec.commandLine(), "METHOD: expected one of " + METHODS + ", got '" + method + "'");
        }
        if (trainSize < 1 || testSize < 1) {
            throw new ParameterException(spec.commandLine(), "--train and --test: expected >= 1, got " + trainSize + " and " + testSize);
        }
        distance(); // a usage error before any data is loaded
        Backend backend = backendOptions.select();
        String description;
        Dataset train;
        Dataset test;
        if (synthetic) {
            description = "built-in synthetic images (10 classes, 28x28)";
            train = SyntheticImages.generate(trainSize, dataOptions.seed);
            test = SyntheticImages.generate(testSize, dataOptions.seed + 1);
        } else {
            TrainingData data = dataOptions.resolve();
            description = data.description();
            train = data.train();
            test = data.test();
        }
        Generator g = new Generator(dataOptions.seed);
        Split tr = subset(train, trainSize, g);
        Split te = subset(test, testSize, g);
        int classes = train.numClasses();
        System.out.println("backend: " + backend.name() + " (" + backend.device() + ")");
        System.out.println("data:    " + description + ", " + tr.classes().length + " train / " + te.classes().length + " test images");
        switch (m) {
            case "knn" -> knn(tr, te);
            case "linear" -> linear(tr, te, classes);
            case "logistic" -> logistic(tr, te, classes);
            case "kmeans" -> kmeans(tr);
            default -> pca(tr, te);
        }
        return ExitCodes.OK;
    }

    private KNearestNeighbors.Metric distance() {
        return switch (metric.toLowerCase(Locale.ROOT)) {
            case "l1" -> KNearestNeighbors.Metric.L1;
            case "l2" -> KNearestNeighbors.Metric.L2;
            default -> throw new ParameterException(spec.commandLine(), "--metric: expected l1 or l2, got '" + metric + "'");
        };
    }

    private void knn(Split tr, Split te) {
        KNearestNeighbors.Metric distance = distance();
        Tensor predicted = new KNearestNeighbors(k, distance).fit(tr.x(), tr.labels()).predict(te.x());
        System.out.printf(Locale.ROOT, "knn (k=%d, %s): test accuracy %.2f%%%n", k, distance, 100 * accuracy(predicted, te));
    }

    private void linear(Split tr, Split te, int classes) {
        // One least-squares regression per class onto its one-hot column; the largest score is the prediction.
        LinearRegression model = new LinearRegression(true, ridge).fit(tr.x(), tr.labels().oneHot(classes).cast(DType.FLOAT32));
        double test = accuracy(model.predict(te.x()).argmax(1), te);
        double fit = accuracy(model.predict(tr.x()).argmax(1), tr);
        System.out.printf(Locale.ROOT, "linear (one-vs-rest least squares, ridge %s): train accuracy %.2f%%, test accuracy %.2f%%%n",
                ridge, 100 * fit, 100 * test);
    }

    private void logistic(Split tr, Split te, int classes) {
        LogisticRegression model = new LogisticRegression(true, l2, iterations, 1e-4);
        LogisticRegression.Result r = model.fit(tr.x(), tr.labels(), classes);
        System.out.printf(Locale.ROOT, "logistic (softmax, l2 %s): objective %.4f after %d L-BFGS iterations%s%n", l2,
                r.objective(), r.iterations(), r.converged() ? " (converged)" : "");
        System.out.printf(Locale.ROOT, "logistic: train accuracy %.2f%%, test accuracy %.2f%%%n",
                100 * accuracy(model.predict(tr.x()), tr), 100 * accuracy(model.predict(te.x()), te));
    }

    private void kmeans(Split tr) {
        KMeans.Result r = new KMeans(clusters, iterations, 1e-4, dataOptions.seed).fit(tr.x());
        System.out.printf(Locale.ROOT, "kmeans (k=%d, k-means++ seed %d): %d Lloyd iterations%s%n", clusters, dataOptions.seed,
                r.iterations(), r.converged() ? " (converged)" : "");
        System.out.printf(Locale.ROOT, "kmeans: inertia %.1f (%.2f per image), purity %.2f%%%n", r.inertia(),
                r.inertia() / tr.classes().length, 100 * KMeans.purity(r.assignments(), tr.classes()));
    }

    private void pca(Split tr, Split te) {
        int kept = Math.min(components, Math.toIntExact(tr.x().size(1)));
        PCA pca = new PCA(kept).fit(tr.x());
        double[] ratio = pca.explainedVarianceRatio();
        StringBuilder first = new StringBuilder();
        double cumulative = 0;
        for (int i = 0; i < ratio.length; i++) {
            cumulative += ratio[i];
            if (i < 5) {
                first.append(String.format(Locale.ROOT, "%s%.2f%%", i == 0 ? "" : ", ", 100 * ratio[i]));
            }
        }
        Tensor back = pca.inverseTransform(pca.transform(te.x()));
        double mse = back.sub(te.x()).square().mean().item();
        System.out.printf(Locale.ROOT, "pca: explained variance of the first components %s%n", first);
        System.out.printf(Locale.ROOT, "pca: %d components explain %.2f%% of the variance; test reconstruction MSE %.5f%n",
                kept, 100 * cumulative, mse);
    }

    private static double accuracy(Tensor predicted, Split s) {
        long[] p = predicted.toLongArray();
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            right += p[i] == s.classes()[i] ? 1 : 0;
        }
        return (double) right / p.length;
    }

    /** {@code n} examples (all if fewer) drawn without replacement. */
    private static Split subset(Dataset data, int n, Generator g) {
        int count = Math.min(n, data.size());
        int[] indices = Arrays.copyOf(g.permutation(data.size()), count);
        float[] features = new float[count * data.exampleSize()];
        long[] labels = new long[count];
        data.copyFeatures(indices, features);
        data.copyLabels(indices, labels);
        return new Split(Tensor.of(features, count, data.exampleSize()), Tensor.ofLongs(labels, count), labels);
    }
}
