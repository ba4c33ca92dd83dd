package dev.neurite.rl;

/**
 * A value annealed linearly from {@code start} to {@code end} over {@code steps} steps, then held at {@code end}:
 * the usual epsilon schedule of DQN (exploration decays as the Q estimates improve).
 */
public record LinearSchedule(double start, double end, long steps) {
    public LinearSchedule {
        if (steps < 0) {
            throw new IllegalArgumentException("LinearSchedule: expected non-negative steps, got " + steps);
        }
    }

    public static LinearSchedule constant(double value) {
        return new LinearSchedule(value, value, 0);
    }

    public double value(long step) {
        if (step >= steps) {
            return end;
        }
        return start + (end - start) * Math.max(step, 0) / steps;
    }
}
