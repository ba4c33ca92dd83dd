package dev.neurite.rl.env;

import dev.neurite.api.Generator;
import dev.neurite.rl.Box;
import dev.neurite.rl.Discrete;
import dev.neurite.rl.Environment;
import dev.neurite.rl.Space;
import dev.neurite.rl.Step;

/**
 * Gymnasium's {@code CartPole-v1} (Barto, Sutton and Anderson's cart-pole), with its exact constants so returns are
 * comparable: gravity 9.8, cart mass 1.0, pole mass 0.1, half pole length 0.5, force 10, time step 0.02 s, explicit
 * Euler integration. The observation is (x, x_dot, theta, theta_dot); action 0 pushes left, 1 pushes right. Every
 * step pays 1, including the one that ends the episode; it terminates when |x| > 2.4 or |theta| > 12 degrees and is
 * truncated after {@code maxSteps} steps (500 for v1). Reset draws each coordinate uniformly from [-0.05, 0.05].
 */
public final class CartPole implements Environment<double[], Integer> {
    public static final double GRAVITY = 9.8;
    public static final double MASS_CART = 1.0;
    public static final double MASS_POLE = 0.1;
    public static final double TOTAL_MASS = MASS_POLE + MASS_CART;
    /** Half the pole's length, as Gymnasium's {@code length}. */
    public static final double LENGTH = 0.5;
    public static final double POLE_MASS_LENGTH = MASS_POLE * LENGTH;
    public static final double FORCE_MAG = 10.0;
    public static final double TAU = 0.02;
    public static final double THETA_THRESHOLD_RADIANS = 12 * 2 * Math.PI / 360;
    public static final double X_THRESHOLD = 2.4;
    public static final int V1_MAX_STEPS = 500;

    private static final float FLOAT_MAX = Float.MAX_VALUE;

    private final int maxSteps;
    private final Box observations = new Box(
            new double[]{-2 * X_THRESHOLD, -FLOAT_MAX, -2 * THETA_THRESHOLD_RADIANS, -FLOAT_MAX},
            new double[]{2 * X_THRESHOLD, FLOAT_MAX, 2 * THETA_THRESHOLD_RADIANS, FLOAT_MAX});
    private final Discrete actions = new Discrete(2);
    private Generator random;
    private double[] state;
    private int steps;
    private boolean running;

    public CartPole() {
        this(V1_MAX_STEPS);
    }

    public CartPole(int maxSteps) {
        if (maxSteps < 1) {
            throw new IllegalArgumentException("CartPole: expected maxSteps >= 1, got " + maxSteps);
        }
        this.maxSteps = maxSteps;
    }

    @Override
    public Space<double[]> observationSpace() {
        return observations;
    }

    @Override
    public Space<Integer> actionSpace() {
        return actions;
    }

    @Override
    public double[] reset(long seed) {
        random = new Generator(seed);
        return reset();
    }

    @Override
    public double[] reset() {
        if (random == null) {
            throw new IllegalStateException("CartPole.reset: the first reset needs a seed");
        }
        state = new double[4];
        for (int i = 0; i < 4; i++) {
            state[i] = -0.05 + 0.1 * random.nextDouble();
        }
        return start(state);
    }

    /** Starts an episode in a given state (x, x_dot, theta, theta_dot), e.g. to reproduce a trajectory. */
    public double[] start(double[] initial) {
        if (initial.length != 4) {
            throw new IllegalArgumentException("CartPole.start: expected a state of length 4, got " + initial.length);
        }
        state = initial.clone();
        steps = 0;
        running = true;
        return state.clone();
    }

    @Override
    public Step<double[]> step(Integer action) {
        if (!running) {
            throw new IllegalStateException("CartPole.step: no episode is running; call reset first");
        }
        actions.require("CartPole.step", action);
        double x = state[0];
        double xDot = state[1];
        double theta = state[2];
        double thetaDot = state[3];
        double force = action == 1 ? FORCE_MAG : -FORCE_MAG;
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        // Gymnasium's equations (Florian's correct derivation of the cart-pole dynamics), term for term.
        double temp = (force + POLE_MASS_LENGTH * thetaDot * thetaDot * sin) / TOTAL_MASS;
        double thetaAcc = (GRAVITY * sin - cos * temp) / (LENGTH * (4.0 / 3.0 - MASS_POLE * cos * cos / TOTAL_MASS));
        double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * cos / TOTAL_MASS;
        x = x + TAU * xDot;
        xDot = xDot + TAU * xAcc;
        theta = theta + TAU * thetaDot;
        thetaDot = thetaDot + TAU * thetaAcc;
        state = new double[]{x, xDot, theta, thetaDot};
        steps++;
        boolean terminated = x < -X_THRESHOLD || x > X_THRESHOLD || theta < -THETA_THRESHOLD_RADIANS || theta > THETA_THRESHOLD_RADIANS;
        boolean truncated = !terminated && steps >= maxSteps;
        running = !terminated && !truncated;
        return new Step<>(state.clone(), 1.0, terminated, truncated);
    }
}
