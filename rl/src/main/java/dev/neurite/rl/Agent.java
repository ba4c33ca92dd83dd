package dev.neurite.rl;

/**
 * A learner in the agent-environment loop: {@link #action} is its behaviour policy (exploring, e.g. epsilon-greedy),
 * {@link #observe} feeds it each transition as it happens, {@link #greedy} is the policy it has learned. Experience
 * arrives in order, one correlated step after another (not i.i.d. as in supervised learning); agents that need
 * i.i.d.-like batches keep a replay buffer.
 */
public interface Agent<O, A> extends Policy<O, A> {
    void observe(Transition<O, A> transition);

    /** Called by the loop after each episode (Monte-Carlo agents learn here). */
    default void endEpisode() {
    }

    /** The learned policy without exploration. */
    Policy<O, A> greedy();
}
