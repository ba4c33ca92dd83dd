package dev.neurite.generative.diffusion;

import dev.neurite.api.nn.Config;

import java.util.Locale;

/**
 * The variances {@code beta_t} of the forward process and the quantities derived from them, in float64. Steps are
 * zero-based: index {@code t = 0..T-1} is the paper's step {@code t + 1}, and {@code alphaBarPrev(0) = 1}.
 * <ul>
 *   <li>{@code alpha_t = 1 - beta_t}, {@code alphaBar_t = prod_{s <= t} alpha_s}, so
 *       {@code q(x_t | x_0) = N(sqrt(alphaBar_t) x_0, (1 - alphaBar_t) I)};</li>
 *   <li>the posterior {@code q(x_{t-1} | x_t, x_0) = N(c0_t x_0 + ct_t x_t, betaTilde_t I)} with
 *       {@code c0 = beta sqrt(alphaBarPrev) / (1 - alphaBar)}, {@code ct = (1 - alphaBarPrev) sqrt(alpha) / (1 - alphaBar)}
 *       and {@code betaTilde = beta (1 - alphaBarPrev) / (1 - alphaBar)}.</li>
 * </ul>
 * {@link #linear} is Ho et al.'s schedule (1e-4 to 0.02 over 1000 steps); {@link #cosine} is Nichol and Dhariwal's
 * {@code alphaBar(t) = f(t) / f(0)}, {@code f(t) = cos^2(((t / T) + s) / (1 + s) * pi / 2)}, betas capped at 0.999.
 */
public final class NoiseSchedule {
    private static final double MAX_COSINE_BETA = 0.999;

    private final String kind;
    private final double a;
    private final double b;
    private final double[] betas;
    private final double[] alphaBars;

    private NoiseSchedule(String kind, double a, double b, double[] betas) {
        this.kind = kind;
        this.a = a;
        this.b = b;
        this.betas = betas;
        this.alphaBars = new double[betas.length];
        double p = 1;
        for (int t = 0; t < betas.length; t++) {
            if (!(betas[t] > 0 && betas[t] < 1)) {
                throw new IllegalArgumentException("noise schedule: beta_" + t + " must be in (0, 1), got " + betas[t]);
            }
            p *= 1 - betas[t];
            alphaBars[t] = p;
        }
    }

    /** {@code beta_t} evenly from {@code betaStart} to {@code betaEnd} over {@code steps} steps. */
    public static NoiseSchedule linear(int steps, double betaStart, double betaEnd) {
        checkSteps(steps);
        double[] betas = new double[steps];
        for (int t = 0; t < steps; t++) {
            betas[t] = steps == 1 ? betaStart : betaStart + (betaEnd - betaStart) * t / (steps - 1);
        }
        return new NoiseSchedule("linear", betaStart, betaEnd, betas);
    }

    /** Ho et al.'s 1000 steps from 1e-4 to 0.02. */
    public static NoiseSchedule ddpm() {
        return linear(1000, 1e-4, 0.02);
    }

    /** Nichol and Dhariwal's cosine schedule with offset {@code s} (they use 0.008). */
    public static NoiseSchedule cosine(int steps, double s) {
        checkSteps(steps);
        if (!(s >= 0)) {
            throw new IllegalArgumentException("noise schedule: cosine offset s must be >= 0, got " + s);
        }
        double[] betas = new double[steps];
        for (int t = 0; t < steps; t++) {
            betas[t] = Math.min(1 - f(t + 1, steps, s) / f(t, steps, s), MAX_COSINE_BETA);
        }
        return new NoiseSchedule("cosine", s, 0, betas);
    }

    private static double f(int t, int steps, double s) {
        double c = Math.cos(((double) t / steps + s) / (1 + s) * Math.PI / 2);
        return c * c;
    }

    private static void checkSteps(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("noise schedule: steps must be >= 1, got " + steps);
        }
    }

    public static NoiseSchedule fromConfig(Config c) {
        String kind = c.getString("kind");
        return switch (kind) {
            case "linear" -> linear(c.getInt("steps"), c.getDouble("beta_start"), c.getDouble("beta_end"));
            case "cosine" -> cosine(c.getInt("steps"), c.getDouble("s"));
            default -> throw new IllegalArgumentException("noise schedule: kind must be linear or cosine, got '" + kind + "'");
        };
    }

    /** Parses {@code linear} (Ho et al.'s range), {@code linear:START:END} or {@code cosine} for {@code steps} steps. */
    public static NoiseSchedule parse(String text, int steps) {
        String[] p = text.trim().toLowerCase(Locale.ROOT).split(":");
        if (p[0].equals("cosine") && p.length == 1) {
            return cosine(steps, 0.008);
        }
        try {
            if (p[0].equals("linear") && (p.length == 1 || p.length == 3)) {
                return p.length == 1 ? linear(steps, 1e-4, 0.02) : linear(steps, Double.parseDouble(p[1]), Double.parseDouble(p[2]));
            }
        } catch (NumberFormatException e) {
            // reported below with the expected forms
        }
        throw new IllegalArgumentException("noise schedule: expected linear, linear:START:END or cosine, got '" + text + "'");
    }

    public Config config() {
        Config c = Config.empty().with("kind", kind).with("steps", betas.length);
        return kind.equals("linear") ? c.with("beta_start", a).with("beta_end", b) : c.with("s", a);
    }

    public int steps() {
        return betas.length;
    }

    public double beta(int t) {
        return betas[check(t)];
    }

    public double alpha(int t) {
        return 1 - betas[check(t)];
    }

    public double alphaBar(int t) {
        return alphaBars[check(t)];
    }

    public double alphaBarPrev(int t) {
        return check(t) == 0 ? 1 : alphaBars[t - 1];
    }

    /** {@code betaTilde_t}, the variance of {@code q(x_{t-1} | x_t, x_0)} (0 at t = 0). */
    public double posteriorVariance(int t) {
        return beta(t) * (1 - alphaBarPrev(t)) / (1 - alphaBar(t));
    }

    /** The coefficient of {@code x_0} in the posterior mean. */
    public double posteriorMeanCoefX0(int t) {
        return beta(t) * Math.sqrt(alphaBarPrev(t)) / (1 - alphaBar(t));
    }

    /** The coefficient of {@code x_t} in the posterior mean. */
    public double posteriorMeanCoefXt(int t) {
        return (1 - alphaBarPrev(t)) * Math.sqrt(alpha(t)) / (1 - alphaBar(t));
    }

    private int check(int t) {
        if (t < 0 || t >= betas.length) {
            throw new IllegalArgumentException("noise schedule: step must be in [0, " + betas.length + "), got " + t);
        }
        return t;
    }

    @Override
    public String toString() {
        return kind + config().asMap();
    }
}
