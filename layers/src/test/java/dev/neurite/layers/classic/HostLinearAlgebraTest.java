package dev.neurite.layers.classic;

import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The host eigen-solver and Cholesky solve on matrices whose answers can be checked by multiplication. */
class HostLinearAlgebraTest {

    private static double[] randomSymmetric(int n, long seed) {
        double[] r = Tensor.randn(Shape.of(n, n), seed).toDoubleArray();
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i * n + j] = r[i * n + j] + r[j * n + i];
            }
        }
        return a;
    }

    @Test
    void eigenvectorsSatisfyAvEqualsLambdaVAndAreOrthonormal() {
        for (int n : new int[]{1, 2, 5, 40}) {
            double[] a = randomSymmetric(n, n);
            HostLinearAlgebra.Eigen e = HostLinearAlgebra.symmetricEigen(a, n);
            for (int r = 0; r < n; r++) {
                if (r > 0) {
                    assertTrue(e.values()[r] <= e.values()[r - 1], "descending");
                }
                double[] v = e.vectors()[r];
                for (int i = 0; i < n; i++) {
                    double av = 0;
                    for (int j = 0; j < n; j++) {
                        av += a[i * n + j] * v[j];
                    }
                    assertEquals(e.values()[r] * v[i], av, 1e-10, "n=" + n + " row " + r);
                }
                for (int s = 0; s < n; s++) {
                    double dot = 0;
                    for (int i = 0; i < n; i++) {
                        dot += v[i] * e.vectors()[s][i];
                    }
                    assertEquals(r == s ? 1 : 0, dot, 1e-10);
                }
            }
        }
    }

    @Test
    void eigenOfAKnownMatrix() {
        // [[2,1],[1,2]]: eigenvalues 3 and 1, vectors (1,1)/sqrt2 and (1,-1)/sqrt2 (the first entry is the larger).
        HostLinearAlgebra.Eigen e = HostLinearAlgebra.symmetricEigen(new double[]{2, 1, 1, 2}, 2);
        assertEquals(3, e.values()[0], 1e-14);
        assertEquals(1, e.values()[1], 1e-14);
        double h = Math.sqrt(0.5);
        assertEquals(h, e.vectors()[0][0], 1e-14);
        assertEquals(h, e.vectors()[0][1], 1e-14);
        assertEquals(h, Math.abs(e.vectors()[1][0]), 1e-14);
        assertEquals(-e.vectors()[1][0], e.vectors()[1][1], 1e-14);
    }

    @Test
    void choleskySolve() {
        // [[4,2],[2,3]] x = [[2, 8], [1, 7]] has x = [[0.5, 1.25], [0, 1.5]].
        double[] x = HostLinearAlgebra.solveSpd("test", new double[]{4, 2, 2, 3}, 2, new double[]{2, 8, 1, 7}, 2);
        assertEquals(0.5, x[0], 1e-14);
        assertEquals(1.25, x[1], 1e-14);
        assertEquals(0, x[2], 1e-14);
        assertEquals(1.5, x[3], 1e-14);
    }
}
