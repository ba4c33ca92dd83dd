package dev.neurite.layers.optim;

/**
 * The strong-Wolfe line search of PyTorch's LBFGS (itself from minFunc and torch7's {@code lswolfe}): bracket a step
 * satisfying the sufficient-decrease (c1 = 1e-4) and curvature (c2 = 0.9) conditions, then zoom into the bracket
 * by safeguarded cubic interpolation; at most 25 evaluations. The parameters are restored after every trial.
 */
final class StrongWolfe {
    private static final double C1 = 1e-4;
    private static final double C2 = 0.9;
    private static final int MAX_LS = 25;

    record Result(double loss, double[] grad, double step, int evaluations) {
    }

    private final LBFGS owner;
    private final LBFGS.Closure closure;
    private final double[] x;
    private final double[] d;
    private final double toleranceChange;

    StrongWolfe(LBFGS owner, LBFGS.Closure closure, double[] x, double[] d, double toleranceChange) {
        this.owner = owner;
        this.closure = closure;
        this.x = x;
        this.d = d;
        this.toleranceChange = toleranceChange;
    }

    /** The loss and gradient at {@code x + t d}; the parameters are put back to {@code x} afterwards. */
    private LBFGS.Evaluation at(double t) {
        owner.addStep(x, t, d);
        LBFGS.Evaluation e = owner.evaluate(closure);
        owner.set(x);
        return e;
    }

    Result search(double t, double f, double[] g, double gtd) {
        double dNorm = Vectors.maxAbs(d);
        LBFGS.Evaluation e = at(t);
        double fNew = e.loss();
        double[] gNew = e.grad();
        int evals = 1;
        double gtdNew = Vectors.dot(gNew, d);

        double tPrev = 0;
        double fPrev = f;
        double[] gPrev = g;
        double gtdPrev = gtd;
        boolean done = false;
        int lsIter = 0;
        double[] bracket = null;
        double[] bracketF = null;
        double[][] bracketG = null;
        double[] bracketGtd = {gtd, gtdNew};
        while (lsIter < MAX_LS) {
            if (fNew > f + C1 * t * gtd || (lsIter > 1 && fNew >= fPrev)) {
                bracket = new double[]{tPrev, t};
                bracketF = new double[]{fPrev, fNew};
                bracketG = new double[][]{gPrev, gNew};
                bracketGtd = new double[]{gtdPrev, gtdNew};
                break;
            }
            if (Math.abs(gtdNew) <= -C2 * gtd) {
                bracket = new double[]{t};
                bracketF = new double[]{fNew};
                bracketG = new double[][]{gNew};
                done = true;
                break;
            }
            if (gtdNew >= 0) {
                bracket = new double[]{tPrev, t};
                bracketF = new double[]{fPrev, fNew};
                bracketG = new double[][]{gPrev, gNew};
                bracketGtd = new double[]{gtdPrev, gtdNew};
                break;
            }
            double minStep = t + 0.01 * (t - tPrev);
            double maxStep = t * 10;
            double tmp = t;
            t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            tPrev = tmp;
            fPrev = fNew;
            gPrev = gNew;
            gtdPrev = gtdNew;
            e = at(t);
            fNew = e.loss();
            gNew = e.grad();
            evals++;
            gtdNew = Vectors.dot(gNew, d);
            lsIter++;
        }
        if (lsIter == MAX_LS) {
            bracket = new double[]{0, t};
            bracketF = new double[]{f, fNew};
            bracketG = new double[][]{g, gNew};
        }

        boolean insufficientProgress = false;
        int low = bracketF[0] <= bracketF[bracketF.length - 1] ? 0 : 1;
        int high = 1 - low;
        while (!done && lsIter < MAX_LS) {
            if (Math.abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) {
                break;
            }
            t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);
            // Keep trial points at least a tenth of the bracket away from its ends, or the zoom can stall.
            double hi = Math.max(bracket[0], bracket[1]);
            double lo = Math.min(bracket[0], bracket[1]);
            double eps = 0.1 * (hi - lo);
            if (Math.min(hi - t, t - lo) < eps) {
                if (insufficientProgress || t >= hi || t <= lo) {
                    t = Math.abs(t - hi) < Math.abs(t - lo) ? hi - eps : lo + eps;
                    insufficientProgress = false;
                } else {
                    insufficientProgress = true;
                }
            } else {
                insufficientProgress = false;
            }
            e = at(t);
            fNew = e.loss();
            gNew = e.grad();
            evals++;
            gtdNew = Vectors.dot(gNew, d);
            lsIter++;
            if (fNew > f + C1 * t * gtd || fNew >= bracketF[low]) {
                bracket[high] = t;
                bracketF[high] = fNew;
                bracketG[high] = gNew;
                bracketGtd[high] = gtdNew;
                low = bracketF[0] <= bracketF[1] ? 0 : 1;
                high = 1 - low;
            } else {
                if (Math.abs(gtdNew) <= -C2 * gtd) {
                    done = true;
                } else if (gtdNew * (bracket[high] - bracket[low]) >= 0) {
                    bracket[high] = bracket[low];
                    bracketF[high] = bracketF[low];
                    bracketG[high] = bracketG[low];
                    bracketGtd[high] = bracketGtd[low];
                }
                bracket[low] = t;
                bracketF[low] = fNew;
                bracketG[low] = gNew;
                bracketGtd[low] = gtdNew;
            }
        }
        return new Result(bracketF[low], bracketG[low], bracket[low], evals);
    }

    private static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2) {
        return cubicInterpolate(x1, f1, g1, x2, f2, g2, Math.min(x1, x2), Math.max(x1, x2));
    }

    /** The minimiser of the cubic through two points with their slopes, clamped to the bounds (their middle if none). */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2,
                                   double minBound, double maxBound) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double minPos = x1 <= x2
                    ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            return Math.min(Math.max(minPos, minBound), maxBound);
        }
        return (minBound + maxBound) / 2;
    }
}
