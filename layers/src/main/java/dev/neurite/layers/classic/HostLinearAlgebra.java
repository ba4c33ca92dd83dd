package dev.neurite.layers.classic;

/**
 * Small dense symmetric systems in float64 on the host: Cholesky solves for the normal equations and the symmetric
 * eigen-decomposition for PCA. Matrices are row-major {@code n x n} arrays. The problems here are d x d with d the
 * feature count, so the backend (which has no factorisations) is not needed.
 */
final class HostLinearAlgebra {
    /** A symmetric matrix's eigenvalues in descending order, with unit eigenvectors as the rows of {@code vectors}. */
    record Eigen(double[] values, double[][] vectors) {
    }

    private HostLinearAlgebra() {
    }

    /**
     * Solves {@code a x = b} for symmetric positive definite {@code a} ({@code n x n}) and {@code b} ({@code n x m}),
     * returning {@code x} ({@code n x m}).
     *
     * @throws IllegalArgumentException from {@code op} when a pivot is not clearly positive: {@code a} is singular
     *                                  (or indefinite) to working precision
     */
    static double[] solveSpd(String op, double[] a, int n, double[] b, int m) {
        double[] l = cholesky(op, a, n);
        double[] x = b.clone();
        for (int c = 0; c < m; c++) {
            for (int i = 0; i < n; i++) { // forward: L z = b
                double s = x[i * m + c];
                for (int k = 0; k < i; k++) {
                    s -= l[i * n + k] * x[k * m + c];
                }
                x[i * m + c] = s / l[i * n + i];
            }
            for (int i = n - 1; i >= 0; i--) { // backward: L^T x = z
                double s = x[i * m + c];
                for (int k = i + 1; k < n; k++) {
                    s -= l[k * n + i] * x[k * m + c];
                }
                x[i * m + c] = s / l[i * n + i];
            }
        }
        return x;
    }

    private static double[] cholesky(String op, double[] a, int n) {
        double maxDiagonal = 0;
        for (int i = 0; i < n; i++) {
            maxDiagonal = Math.max(maxDiagonal, Math.abs(a[i * n + i]));
        }
        // A pivot this small relative to the largest diagonal entry means the columns are dependent up to rounding.
        double threshold = Math.max(maxDiagonal * n * 1e-13, Double.MIN_NORMAL);
        double[] l = new double[n * n];
        for (int j = 0; j < n; j++) {
            double d = a[j * n + j];
            for (int k = 0; k < j; k++) {
                d -= l[j * n + k] * l[j * n + k];
            }
            if (!(d > threshold)) {
                throw new IllegalArgumentException(op + ": X^T X (" + n + " x " + n + ") is singular: pivot " + j + " is " + d
                        + ", expected > " + threshold + " (a constant or linearly dependent feature column); pass a ridge"
                        + " lambda > 0");
            }
            double root = Math.sqrt(d);
            l[j * n + j] = root;
            for (int i = j + 1; i < n; i++) {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * n + k] * l[j * n + k];
                }
                l[i * n + j] = s / root;
            }
        }
        return l;
    }

    /**
     * Eigen-decomposition of symmetric {@code a}: Householder reduction to tridiagonal form, then the implicit QL
     * algorithm (the EISPACK tred2/tql2 pair, as in JAMA). Each eigenvector's sign is fixed so that its entry of
     * largest magnitude is positive, making the result independent of rounding paths.
     */
    static Eigen symmetricEigen(double[] a, int n) {
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a, i * n, v[i], 0, n);
        }
        double[] d = new double[n];
        double[] e = new double[n];
        // Eigenvectors are kept as rows throughout, so the updates of both stages run over contiguous memory.
        double[][] vt = v;
        tridiagonalize(vt, d, e, n);
        ql(vt, d, e, n);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (p, q) -> Double.compare(d[q], d[p]));
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int r = 0; r < n; r++) {
            int c = order[r];
            values[r] = d[c];
            int argMax = 0;
            for (int k = 0; k < n; k++) {
                vectors[r][k] = vt[c][k];
                if (Math.abs(vt[c][k]) > Math.abs(vt[c][argMax])) {
                    argMax = k;
                }
            }
            if (vectors[r][argMax] < 0) {
                for (int k = 0; k < n; k++) {
                    vectors[r][k] = -vectors[r][k];
                }
            }
        }
        return new Eigen(values, vectors);
    }

    /**
     * tred2 on the transpose: {@code v} enters as the (symmetric) matrix and leaves holding the accumulated
     * transformation's transpose, i.e. its columns as rows, so the inner loops run along rows.
     */
    private static void tridiagonalize(double[][] v, double[] d, double[] e, int n) {
        for (int j = 0; j < n; j++) {
            d[j] = v[j][n - 1];
        }
        for (int i = n - 1; i > 0; i--) {
            double scale = 0;
            double h = 0;
            for (int k = 0; k < i; k++) {
                scale += Math.abs(d[k]);
            }
            if (scale == 0) {
                e[i] = d[i - 1];
                for (int j = 0; j < i; j++) {
                    d[j] = v[j][i - 1];
                    v[j][i] = 0;
                    v[i][j] = 0;
                }
            } else {
                for (int k = 0; k < i; k++) {
                    d[k] /= scale;
                    h += d[k] * d[k];
                }
                double f = d[i - 1];
                double g = Math.sqrt(h);
                if (f > 0) {
                    g = -g;
                }
                e[i] = scale * g;
                h -= f * g;
                d[i - 1] = f - g;
                for (int j = 0; j < i; j++) {
                    e[j] = 0;
                }
                for (int j = 0; j < i; j++) {
                    f = d[j];
                    v[i][j] = f;
                    g = e[j] + v[j][j] * f;
                    for (int k = j + 1; k <= i - 1; k++) {
                        g += v[j][k] * d[k];
                        e[k] += v[j][k] * f;
                    }
                    e[j] = g;
                }
                f = 0;
                for (int j = 0; j < i; j++) {
                    e[j] /= h;
                    f += e[j] * d[j];
                }
                double hh = f / (h + h);
                for (int j = 0; j < i; j++) {
                    e[j] -= hh * d[j];
                }
                for (int j = 0; j < i; j++) {
                    f = d[j];
                    g = e[j];
                    for (int k = j; k <= i - 1; k++) {
                        v[j][k] -= f * e[k] + g * d[k];
                    }
                    d[j] = v[j][i - 1];
                    v[j][i] = 0;
                }
            }
            d[i] = h;
        }
        for (int i = 0; i < n - 1; i++) {
            v[i][n - 1] = v[i][i];
            v[i][i] = 1;
            double h = d[i + 1];
            if (h != 0) {
                for (int k = 0; k <= i; k++) {
                    d[k] = v[i + 1][k] / h;
                }
                for (int j = 0; j <= i; j++) {
                    double g = 0;
                    for (int k = 0; k <= i; k++) {
                        g += v[i + 1][k] * v[j][k];
                    }
                    for (int k = 0; k <= i; k++) {
                        v[j][k] -= g * d[k];
                    }
                }
            }
            for (int k = 0; k <= i; k++) {
                v[i + 1][k] = 0;
            }
        }
        for (int j = 0; j < n; j++) {
            d[j] = v[j][n - 1];
            v[j][n - 1] = 0;
        }
        v[n - 1][n - 1] = 1;
        e[0] = 0;
    }

    /** {@code vt} holds the eigenvector estimates as rows. */
    private static void ql(double[][] vt, double[] d, double[] e, int n) {
        for (int i = 1; i < n; i++) {
            e[i - 1] = e[i];
        }
        e[n - 1] = 0;
        double f = 0;
        double tst1 = 0;
        double eps = Math.ulp(1.0);
        for (int l = 0; l < n; l++) {
            tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
            int m = l;
            while (m < n - 1 && Math.abs(e[m]) > eps * tst1) {
                m++;
            }
            if (m > l) {
                do {
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2 * e[l]);
                    double r = Math.hypot(p, 1);
                    if (p < 0) {
                        r = -r;
                    }
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) {
                        d[i] -= h;
                    }
                    f += h;
                    p = d[m];
                    double c = 1;
                    double c2 = c;
                    double c3 = c;
                    double el1 = e[l + 1];
                    double s = 0;
                    double s2 = 0;
                    for (int i = m - 1; i >= l; i--) {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Math.hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        double[] left = vt[i];
                        double[] right = vt[i + 1];
                        for (int k = 0; k < n; k++) {
                            h = right[k];
                            right[k] = s * left[k] + c * h;
                            left[k] = c * left[k] - s * h;
                        }
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                } while (Math.abs(e[l]) > eps * tst1);
            }
            d[l] += f;
            e[l] = 0;
        }
    }
}
