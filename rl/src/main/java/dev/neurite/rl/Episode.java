package dev.neurite.rl;

/**
 * The outcome of one episode: the undiscounted sum of rewards (what Gymnasium reports as the episode return), the
 * discounted return G_0, the number of steps and whether it ended in a terminal state (else it was truncated).
 */
public record Episode(double totalReward, double discountedReturn, int length, boolean terminated) {
}
