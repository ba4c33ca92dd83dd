package dev.neurite.layers.optim;

/** Dense double-precision vector arithmetic for {@link LBFGS}, which works on all parameters as one flat vector. */
final class Vectors {
    private Vectors() {
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            // NaN propagates, as torch's max does, so a diverged loss never looks converged.
            m = Double.isNaN(v) ? v : Math.max(m, Math.abs(v));
        }
        return m;
    }

    static double sumAbs(double[] a) {
        double s = 0;
        for (double v : a) {
            s += Math.abs(v);
        }
        return s;
    }

    static double[] scaled(double[] a, double factor) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] * factor;
        }
        return r;
    }

    static double[] difference(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] - b[i];
        }
        return r;
    }

    /** {@code a += factor * b}, in place. */
    static void addScaled(double[] a, double[] b, double factor) {
        for (int i = 0; i < a.length; i++) {
            a[i] += factor * b[i];
        }
    }
}
