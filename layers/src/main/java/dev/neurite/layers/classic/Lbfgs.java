package dev.neurite.layers.classic;

/**
 * Limited-memory BFGS with a backtracking (Armijo) line search, over a host parameter vector. Used for smooth convex
 * objectives such as regularised logistic regression, where it reaches the optimum to a tight gradient tolerance in
 * far fewer evaluations than fixed-step gradient descent.
 */
final class Lbfgs {
    /** Writes the gradient at {@code p} into {@code grad} and returns the objective's value. */
    interface Objective {
        double evaluate(double[] p, double[] grad);
    }

    /** The minimiser found, its value and gradient's largest magnitude, and why it stopped. */
    record Result(double[] p, double value, double gradientNorm, int iterations, boolean converged) {
    }

    private static final int MEMORY = 10;

    private Lbfgs() {
    }

    static Result minimize(Objective f, double[] start, int maxIterations, double tolerance) {
        int n = start.length;
        double[] p = start.clone();
        double[] g = new double[n];
        double value = f.evaluate(p, g);
        double[][] s = new double[MEMORY][];
        double[][] y = new double[MEMORY][];
        double[] rho = new double[MEMORY];
        int stored = 0;
        int iter = 0;
        while (iter < maxIterations && maxAbs(g) > tolerance) {
            double[] dir = direction(g, s, y, rho, stored);
            double slope = dot(dir, g);
            if (!(slope < 0)) { // lost descent to rounding: restart from steepest descent
                stored = 0;
                dir = negate(g);
                slope = dot(dir, g);
            }
            double step = stored == 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
            double[] next = new double[n];
            double[] nextG = new double[n];
            double nextValue;
            int halvings = 0;
            while (true) {
                for (int i = 0; i < n; i++) {
                    next[i] = p[i] + step * dir[i];
                }
                nextValue = f.evaluate(next, nextG);
                if (nextValue <= value + 1e-4 * step * slope || halvings == 40) {
                    break;
                }
                step /= 2;
                halvings++;
            }
            if (!(nextValue <= value)) {
                break; // no progress is possible at this precision
            }
            double[] sk = new double[n];
            double[] yk = new double[n];
            for (int i = 0; i < n; i++) {
                sk[i] = next[i] - p[i];
                yk[i] = nextG[i] - g[i];
            }
            double sy = dot(sk, yk);
            if (sy > 1e-12 * Math.sqrt(dot(sk, sk) * dot(yk, yk))) {
                int slot = stored < MEMORY ? stored++ : shift(s, y, rho);
                s[slot] = sk;
                y[slot] = yk;
                rho[slot] = 1 / sy;
            }
            boolean flat = value - nextValue <= 1e-15 * Math.max(1, Math.abs(value));
            p = next;
            g = nextG;
            value = nextValue;
            iter++;
            if (flat) {
                break;
            }
        }
        double norm = maxAbs(g);
        return new Result(p, value, norm, iter, norm <= tolerance);
    }

    /** Drops the oldest pair and returns the freed last slot. */
    private static int shift(double[][] s, double[][] y, double[] rho) {
        for (int i = 1; i < MEMORY; i++) {
            s[i - 1] = s[i];
            y[i - 1] = y[i];
            rho[i - 1] = rho[i];
        }
        return MEMORY - 1;
    }

    /** The two-loop recursion: {@code -H g} for the implicit inverse-Hessian estimate H. */
    private static double[] direction(double[] g, double[][] s, double[][] y, double[] rho, int stored) {
        double[] q = g.clone();
        double[] alpha = new double[stored];
        for (int i = stored - 1; i >= 0; i--) {
            alpha[i] = rho[i] * dot(s[i], q);
            axpy(-alpha[i], y[i], q);
        }
        if (stored > 0) {
            double gamma = dot(s[stored - 1], y[stored - 1]) / dot(y[stored - 1], y[stored - 1]);
            for (int i = 0; i < q.length; i++) {
                q[i] *= gamma;
            }
        }
        for (int i = 0; i < stored; i++) {
            double beta = rho[i] * dot(y[i], q);
            axpy(alpha[i] - beta, s[i], q);
        }
        return negate(q);
    }

    private static double[] negate(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = -v[i];
        }
        return r;
    }

    private static void axpy(double a, double[] x, double[] into) {
        for (int i = 0; i < x.length; i++) {
            into[i] += a * x[i];
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
