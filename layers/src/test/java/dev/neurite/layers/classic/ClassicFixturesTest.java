package dev.neurite.layers.classic;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;
import dev.neurite.layers.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Linear regression, logistic regression and PCA against the NumPy references of make_classic_fixtures.py. */
class ClassicFixturesTest {
    private static final List<Map<String, Object>> CASES = Fixtures.cases("classic.json");

    private static Map<String, Object> named(String name) {
        return CASES.stream().filter(c -> name.equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no fixture case " + name));
    }

    @Test
    void linearRegressionMatchesLstsqAndTheRidgeOptimum() {
        for (String name : List.of("ols_vector", "ols_two_outputs", "ridge_two_outputs", "ols_no_intercept")) {
            Map<String, Object> c = named(name);
            Tensor x = Fixtures.tensor(c.get("x"), DType.FLOAT64);
            LinearRegression fit = new LinearRegression((Boolean) c.get("intercept"), ((Number) c.get("ridge")).doubleValue())
                    .fit(x, Fixtures.tensor(c.get("y"), DType.FLOAT64));
            Fixtures.assertClose(Fixtures.data(c.get("coefficients")), fit.coefficients(), 1e-9, name + " coefficients");
            Fixtures.assertClose(Fixtures.data(c.get("intercepts")), fit.intercepts(), 1e-9, name + " intercepts");
            Fixtures.assertMatches(c.get("prediction"), fit.predict(x), 1e-9, name + " prediction");
        }
    }

    @Test
    void binaryLogisticRegressionReachesNewtonsOptimum() {
        for (String name : List.of("binary_l2_0", "binary_l2_0.1")) {
            Map<String, Object> c = named(name);
            Tensor x = Fixtures.tensor(c.get("x"), DType.FLOAT64);
            LogisticRegression model = new LogisticRegression(false, ((Number) c.get("l2")).doubleValue(), 500, 1e-8);
            LogisticRegression.Result r = model.fit(x, Fixtures.labels(c.get("labels")), 2);
            assertTrue(r.converged(), name + ": " + r);
            assertEquals(((Number) c.get("objective")).doubleValue(), r.objective(), 1e-12, name + " objective");
            Fixtures.assertClose(Fixtures.data(c.get("weights")), model.weights(), 1e-6, name + " weights");
            Fixtures.assertClose(Fixtures.data(c.get("intercepts")), model.intercepts(), 1e-6, name + " intercept");
            Fixtures.assertClose(Fixtures.data(c.get("probability_of_1")),
                    model.predictProbabilities(x).slice(1, 1, 2).toDoubleArray(), 1e-6, name + " probabilities");
        }
    }

    @Test
    void multinomialLogisticRegressionReachesNewtonsOptimum() {
        Map<String, Object> c = named("multinomial_l2_0.1");
        Tensor x = Fixtures.tensor(c.get("x"), DType.FLOAT64);
        LogisticRegression model = new LogisticRegression(true, 0.1, 500, 1e-8);
        LogisticRegression.Result r = model.fit(x, Fixtures.labels(c.get("labels")), 3);
        assertTrue(r.converged(), r.toString());
        assertEquals(((Number) c.get("objective")).doubleValue(), r.objective(), 1e-12, "objective");
        Fixtures.assertClose(Fixtures.data(c.get("weights")), model.weights(), 1e-6, "weights");
        // Softmax intercepts are defined only up to a common shift (they are not penalised): compare them centred.
        double[] b = model.intercepts();
        double mean = (b[0] + b[1] + b[2]) / 3;
        Fixtures.assertClose(Fixtures.data(c.get("centred_intercepts")), new double[]{b[0] - mean, b[1] - mean, b[2] - mean},
                1e-6, "centred intercepts");
        Fixtures.assertMatches(c.get("probabilities"), model.predictProbabilities(x), 1e-6, "probabilities");
    }

    @Test
    void pcaMatchesTheSvdOfTheCentredData() {
        Map<String, Object> c = named("pca_4d");
        Tensor x = Fixtures.tensor(c.get("x"), DType.FLOAT64);
        PCA all = new PCA(4).fit(x);
        Fixtures.assertMatches(c.get("components"), all.components(), 1e-9, "components");
        Fixtures.assertClose(Fixtures.data(c.get("explained_variance")), all.explainedVariance(), 1e-9, "explained variance");
        Fixtures.assertClose(Fixtures.data(c.get("explained_variance_ratio")), all.explainedVarianceRatio(), 1e-9, "ratio");
        Fixtures.assertMatches(c.get("transform"), new PCA(2).fit(x).transform(x), 1e-9, "transform onto two components");
        // With every component kept the round trip is the identity.
        Fixtures.assertClose(x.toDoubleArray(), all.inverseTransform(all.transform(x)).toDoubleArray(), 1e-12, "reconstruction");
    }
}
