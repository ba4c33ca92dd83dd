package dev.neurite.apps;

import dev.neurite.apps.CliRun.Result;
import dev.neurite.apps.cli.ExitCodes;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.neurite.apps.CliRun.neurite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code neurite baseline METHOD} on a small subset of the built-in synthetic images, through {@link dev.neurite.apps.cli.Main#run}. */
class BaselineCliTest {
    private static final String[] SMALL = {"--synthetic", "--train", "400", "--test", "200", "--seed", "3", "--backend", "cpu"};

    private static Result baseline(String method, String... extra) {
        String[] args = new String[2 + SMALL.length + extra.length];
        args[0] = "baseline";
        args[1] = method;
        System.arraycopy(SMALL, 0, args, 2, SMALL.length);
        System.arraycopy(extra, 0, args, 2 + SMALL.length, extra.length);
        Result r = neurite(args);
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertTrue(r.out().contains("data:    built-in synthetic images (10 classes, 28x28), 400 train / 200 test images"),
                r.toString());
        return r;
    }

    private static double number(Result r, String regex) {
        Matcher m = Pattern.compile(regex).matcher(r.out());
        assertTrue(m.find(), "expected /" + regex + "/ in\n" + r);
        return Double.parseDouble(m.group(1));
    }

    /**
     * The synthetic shapes sit at random positions, hard for pixel-space classifiers with 400 images (at seed 3: k-NN
     * about 40%, least squares about 26%); at least twice chance (10%) shows each one learned.
     */
    @Test
    void classifiersPrintATestAccuracyWellAboveChance() {
        double knn = number(baseline("knn", "--k", "3"), "knn \\(k=3, L2\\): test accuracy ([0-9.]+)%");
        double knnL1 = number(baseline("knn", "--k", "1", "--metric", "l1"), "knn \\(k=1, L1\\): test accuracy ([0-9.]+)%");
        double linear = number(baseline("linear"), "linear \\(one-vs-rest least squares, ridge 1.0\\): train accuracy [0-9.]+%, "
                + "test accuracy ([0-9.]+)%");
        double logistic = number(baseline("logistic", "--iterations", "30"), "logistic: train accuracy [0-9.]+%, test accuracy ([0-9.]+)%");
        for (double accuracy : new double[]{knn, knnL1, linear, logistic}) {
            assertTrue(accuracy > 20 && accuracy <= 100, "chance is 10%: " + knn + ", " + knnL1 + ", " + linear + ", " + logistic);
        }
    }

    @Test
    void kmeansPrintsInertiaAndPurityAndPcaTheExplainedVariance() {
        Result k = baseline("kmeans", "--clusters", "10", "--iterations", "20");
        double purity = number(k, "kmeans: inertia [0-9.]+ \\([0-9.]+ per image\\), purity ([0-9.]+)%");
        assertTrue(purity > 10 && purity <= 100, k.toString());

        Result p = baseline("pca", "--components", "20");
        double explained = number(p, "pca: 20 components explain ([0-9.]+)% of the variance");
        assertTrue(explained > 20 && explained <= 100, p.toString());
        assertTrue(p.out().contains("pca: explained variance of the first components "), p.toString());
    }

    @Test
    void unknownMethodOrMetricIsAUsageError() {
        Result r = neurite("baseline", "svm", "--synthetic");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.toString());
        assertTrue(r.err().contains("METHOD: expected one of [knn, linear, logistic, kmeans, pca], got 'svm'"), r.toString());
        r = neurite("baseline", "knn", "--metric", "cosine", "--synthetic");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--metric: expected l1 or l2, got 'cosine'"), r.toString());
    }

    /** 400 images of 784 pixels cannot determine 784 coefficients: without a ridge the normal equations are singular. */
    @Test
    void plainLeastSquaresOnTooFewImagesSaysToAddARidge() {
        Result r = neurite("baseline", "linear", "--ridge", "0", "--synthetic", "--train", "400", "--test", "10");
        assertEquals(ExitCodes.FAILURE, r.exitCode(), r.toString());
        assertTrue(r.err().contains("neurite baseline: linear regression: X^T X (784 x 784) is singular"), r.toString());
        assertTrue(r.err().contains("pass a ridge lambda > 0"), r.toString());
    }
}
