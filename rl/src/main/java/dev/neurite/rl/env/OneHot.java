package dev.neurite.rl.env;

import dev.neurite.rl.Box;
import dev.neurite.rl.Discrete;
import dev.neurite.rl.Environment;
import dev.neurite.rl.Space;
import dev.neurite.rl.Step;

/** Wraps an environment with {@link Discrete} observations so that a network sees state s as the one-hot vector e_s. */
public final class OneHot<A> implements Environment<double[], A> {
    private final Environment<Integer, A> inner;
    private final int n;
    private final Box space;

    public OneHot(Environment<Integer, A> inner) {
        if (!(inner.observationSpace() instanceof Discrete d)) {
            throw new IllegalArgumentException("OneHot: expected an environment with Discrete observations, got "
                    + inner.observationSpace());
        }
        this.inner = inner;
        this.n = d.n();
        this.space = new Box(new double[n], filled(n, 1));
    }

    private static double[] filled(int n, double v) {
        double[] x = new double[n];
        java.util.Arrays.fill(x, v);
        return x;
    }

    /** e_s. */
    public double[] encode(int s) {
        inner.observationSpace().require("OneHot.encode", s);
        double[] x = new double[n];
        x[s] = 1;
        return x;
    }

    @Override
    public Space<double[]> observationSpace() {
        return space;
    }

    @Override
    public Space<A> actionSpace() {
        return inner.actionSpace();
    }

    @Override
    public double[] reset(long seed) {
        return encode(inner.reset(seed));
    }

    @Override
    public double[] reset() {
        return encode(inner.reset());
    }

    @Override
    public Step<double[]> step(A action) {
        Step<Integer> s = inner.step(action);
        return new Step<>(encode(s.observation()), s.reward(), s.terminated(), s.truncated());
    }

    @Override
    public String name() {
        return inner.name();
    }
}
