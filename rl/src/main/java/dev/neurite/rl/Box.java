package dev.neurite.rl;

import dev.neurite.api.Generator;

import java.util.Arrays;

/**
 * Real vectors with per-coordinate bounds (Gymnasium's {@code Box}, rank 1): continuous observations such as
 * CartPole's position, velocity, angle and angular velocity. Bounds may be infinite.
 */
public final class Box implements Space<double[]> {
    private final double[] low;
    private final double[] high;

    public Box(double[] low, double[] high) {
        if (low.length != high.length || low.length == 0) {
            throw new IllegalArgumentException("Box: expected low and high of the same non-zero length, got " + low.length
                    + " and " + high.length);
        }
        for (int i = 0; i < low.length; i++) {
            if (!(low[i] <= high[i])) {
                throw new IllegalArgumentException("Box: expected low <= high at " + i + ", got " + low[i] + " > " + high[i]);
            }
        }
        this.low = low.clone();
        this.high = high.clone();
    }

    public int dimension() {
        return low.length;
    }

    public double[] low() {
        return low.clone();
    }

    public double[] high() {
        return high.clone();
    }

    @Override
    public boolean contains(double[] value) {
        if (value == null || value.length != low.length) {
            return false;
        }
        for (int i = 0; i < value.length; i++) {
            if (!(value[i] >= low[i] && value[i] <= high[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public double[] sample(Generator generator) {
        double[] x = new double[low.length];
        for (int i = 0; i < x.length; i++) {
            boolean finiteLow = Double.isFinite(low[i]);
            boolean finiteHigh = Double.isFinite(high[i]);
            if (finiteLow && finiteHigh) {
                x[i] = low[i] + (high[i] - low[i]) * generator.nextDouble();
            } else {
                double z = normal(generator);
                x[i] = finiteLow ? low[i] + Math.abs(z) : finiteHigh ? high[i] - Math.abs(z) : z;
            }
        }
        return x;
    }

    private static double normal(Generator g) {
        return Math.sqrt(-2 * Math.log(1 - g.nextDouble())) * Math.cos(2 * Math.PI * g.nextDouble());
    }

    @Override
    public String describe(double[] value) {
        return value == null ? "null" : "length " + value.length + " " + Arrays.toString(value);
    }

    @Override
    public String toString() {
        return "Box(low=" + Arrays.toString(low) + ", high=" + Arrays.toString(high) + ")";
    }
}
