package dev.neurite.rl;

/**
 * The world an agent acts in, with Gymnasium's contract: {@link #reset(long)} starts an episode (seeding the
 * environment's randomness), {@link #step} applies an action and returns a {@link Step}. Once a step reports
 * terminated or truncated, the next call must be a reset. Invalid actions get an IllegalArgumentException naming the
 * environment, the action space and the action; a step without a running episode gets an IllegalStateException.
 *
 * <p>The loop only sees observations, so an environment is a Markov decision process exactly when its observation is
 * a Markov state: the next observation and reward depend on the current observation and action alone.
 *
 * @param <O> observation type (e.g. {@code Integer} for a grid cell, {@code double[]} for CartPole)
 * @param <A> action type
 */
public interface Environment<O, A> {
    Space<O> observationSpace();

    Space<A> actionSpace();

    /** Starts an episode with the environment's randomness seeded by {@code seed}; returns the first observation. */
    O reset(long seed);

    /** Starts an episode continuing the randomness of the previous one (the first reset needs a seed). */
    O reset();

    Step<O> step(A action);

    /** A short name for messages, e.g. {@code CartPole}. */
    default String name() {
        return getClass().getSimpleName();
    }
}
