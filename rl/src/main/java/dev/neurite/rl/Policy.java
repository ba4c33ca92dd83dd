package dev.neurite.rl;

/** Maps an observation to an action: pi(a|s) when it samples, a deterministic policy when it does not. */
@FunctionalInterface
public interface Policy<O, A> {
    A action(O observation);
}
