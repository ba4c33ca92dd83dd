package dev.neurite.rl;

/**
 * What one {@link Environment#step} returns, as in Gymnasium: the next observation, the reward for the transition,
 * {@code terminated} when a terminal state of the MDP was reached (its value is 0: no bootstrapping), and
 * {@code truncated} when the episode was cut short from outside the MDP, e.g. by a time limit (the state still has a
 * value: learning bootstraps from it).
 */
public record Step<O>(O observation, double reward, boolean terminated, boolean truncated) {
    public boolean done() {
        return terminated || truncated;
    }
}
