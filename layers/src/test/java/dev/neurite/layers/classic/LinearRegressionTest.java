package dev.neurite.layers.classic;

import dev.neurite.api.Tensor;
import dev.neurite.layers.Fixtures;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Closed-form least squares: the course's worked prediction, an exactly solvable fit, and singular systems. */
class LinearRegressionTest {

    @Test
    void curriculumPrediction() {
        // X = [[1,25,50,2,50],[1,-10,50,0,10]], theta = [0.2,0.64,0,1,0.14] (the leading 1 is the bias input).
        LinearRegression model = LinearRegression.withCoefficients(new double[]{0.2, 0.64, 0, 1, 0.14}, 0);
        Tensor x = Tensor.of(new float[]{1, 25, 50, 2, 50, 1, -10, 50, 0, 10}, 2, 5);
        Fixtures.assertClose(new double[]{25.2, -4.8}, model.predict(x).toDoubleArray(), 1e-6, "linear model");
    }

    /** y = 3 + 2 x1 - x2 + 0.5 x3 holds exactly, so the normal equations must return those numbers. */
    @Test
    void recoversAnExactLinearRelation() {
        double[] x = {0, 0, 1, 1, 0, 2, 0, 1, -1, 2, 3, 0, -1, 4, 5, 3, -2, 1, 0.5, 0.25, -3};
        int n = x.length / 3;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 3 + 2 * x[3 * i] - x[3 * i + 1] + 0.5 * x[3 * i + 2];
        }
        LinearRegression fit = new LinearRegression().fit(Tensor.of(x, n, 3), Tensor.of(y, n));
        Fixtures.assertClose(new double[]{2, -1, 0.5}, fit.coefficients(), 1e-10, "coefficients");
        assertEquals(3, fit.intercepts()[0], 1e-10);
        Fixtures.assertClose(y, fit.predict(Tensor.of(x, n, 3)).toDoubleArray(), 1e-10, "fitted values");

        // The same data with a column of ones and no intercept term: the course's form theta = (X^T X)^-1 X^T y.
        double[] withOnes = new double[n * 4];
        for (int i = 0; i < n; i++) {
            withOnes[4 * i] = 1;
            System.arraycopy(x, 3 * i, withOnes, 4 * i + 1, 3);
        }
        LinearRegression plain = new LinearRegression(false, 0).fit(Tensor.of(withOnes, n, 4), Tensor.of(y, n));
        Fixtures.assertClose(new double[]{3, 2, -1, 0.5}, plain.coefficients(), 1e-10, "theta");
    }

    @Test
    void singularNormalEquationsNeedARidge() {
        // The third column is the sum of the first two.
        double[] x = {1, 2, 3, 0, 1, 1, 2, 0, 2, 1, 1, 2, 3, 1, 4};
        Tensor xs = Tensor.of(x, 5, 3);
        Tensor y = Tensor.of(new double[]{1, 2, 3, 4, 5}, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LinearRegression().fit(xs, y));
        assertTrue(e.getMessage().startsWith("linear regression: X^T X (3 x 3) is singular"), e.getMessage());
        assertTrue(e.getMessage().contains("ridge lambda > 0"), e.getMessage());

        // A small ridge makes it solvable; the fitted values are then the projection onto the columns' span, which the
        // first two columns alone already span.
        LinearRegression ridge = new LinearRegression(true, 1e-8).fit(xs, y);
        LinearRegression twoColumns = new LinearRegression().fit(xs.slice(1, 0, 2), y);
        Fixtures.assertClose(twoColumns.predict(xs.slice(1, 0, 2)).toDoubleArray(), ridge.predict(xs).toDoubleArray(), 1e-6,
                "ridge fit of dependent columns");
    }

    @Test
    void rejectsBadShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LinearRegression().fit(Tensor.zeros(4, 2), Tensor.zeros(3)));
        assertTrue(e.getMessage().contains("expected 4 target rows"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LinearRegression().fit(Tensor.zeros(4, 2),
                Tensor.ofLongs(new long[]{1, 2, 3, 4}, 4)));
        assertTrue(e.getMessage().contains("floating-point targets"), e.getMessage());
        LinearRegression fit = LinearRegression.withCoefficients(new double[]{1, 2}, 0);
        e = assertThrows(IllegalArgumentException.class, () -> fit.predict(Tensor.zeros(3, 3)));
        assertTrue(e.getMessage().contains("expected 2 features"), e.getMessage());
    }
}
