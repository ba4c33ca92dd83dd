package dev.neurite.rl;

/** Discounted returns G_t = r_{t+1} + gamma r_{t+2} + gamma^2 r_{t+3} + ... of one episode's rewards. */
public final class Returns {
    private Returns() {
    }

    /** G_t for every t, computed backwards as G_t = r_t + gamma G_{t+1} (rewards[t] is the reward of step t). */
    public static double[] discounted(double[] rewards, double gamma) {
        checkGamma("Returns.discounted", gamma);
        double[] g = new double[rewards.length];
        double next = 0;
        for (int t = rewards.length - 1; t >= 0; t--) {
            next = rewards[t] + gamma * next;
            g[t] = next;
        }
        return g;
    }

    /** G_0, the discounted return of the whole episode. */
    public static double of(double[] rewards, double gamma) {
        checkGamma("Returns.of", gamma);
        double g = 0;
        for (int t = rewards.length - 1; t >= 0; t--) {
            g = rewards[t] + gamma * g;
        }
        return g;
    }

    static void checkGamma(String operation, double gamma) {
        if (!(gamma >= 0 && gamma <= 1)) {
            throw new IllegalArgumentException(operation + ": expected a discount gamma in [0, 1], got " + gamma);
        }
    }
}
