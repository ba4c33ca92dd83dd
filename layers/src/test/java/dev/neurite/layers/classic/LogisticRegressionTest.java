package dev.neurite.layers.classic;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogisticRegressionTest {

    /** Three Gaussian blobs in 4 dimensions, in float32, split into a training and a held-out half. */
    @Test
    void multinomialModelClassifiesHeldOutBlobs() {
        int n = 600;
        float[] noise = Tensor.randn(Shape.of(n, 4), 21).toFloatArray();
        float[][] centres = {{2, 0, 0, 0}, {0, 2, 0, 0}, {0, 0, 2, 1}};
        float[] x = new float[n * 4];
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < 4; j++) {
                x[4 * i + j] = centres[i % 3][j] + 0.6f * noise[4 * i + j];
            }
        }
        Tensor all = Tensor.of(x, n, 4);
        Tensor y = Tensor.ofLongs(labels, n);
        LogisticRegression model = new LogisticRegression(true, 1e-3, 200, 1e-4);
        LogisticRegression.Result r = model.fit(all.slice(0, 0, n / 2), y.slice(0, 0, n / 2), 3);
        assertTrue(r.objective() < 0.3, r.toString());
        double accuracy = model.predict(all.slice(0, n / 2, n)).eq(y.slice(0, n / 2, n)).cast(DType.FLOAT32).mean().item();
        assertTrue(accuracy > 0.95, "held-out accuracy " + accuracy);
        double[] rowSums = model.predictProbabilities(all.slice(0, 0, 3)).sum(1, false).toDoubleArray();
        for (double s : rowSums) {
            assertEquals(1, s, 1e-5);
        }
    }

    @Test
    void binaryModelNeedsTwoClasses() {
        Tensor x = Tensor.zeros(3, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LogisticRegression(false, 0, 10, 1e-6).fit(x, Tensor.ofLongs(new long[]{0, 1, 2}, 3), 3));
        assertTrue(e.getMessage().contains("exactly 2 (binary model) classes, got 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new LogisticRegression(false, 0, 10, 1e-6).fit(x, Tensor.ofLongs(new long[]{0, 1, 2}, 3), 2));
        assertTrue(e.getMessage().contains("expected labels in [0, 2), got 2"), e.getMessage());
    }
}
