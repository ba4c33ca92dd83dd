package dev.neurite.rl;

/** One step of experience (s, a, r, s', terminated, truncated): what agents learn from and replay buffers store. */
public record Transition<O, A>(O observation, A action, double reward, O next, boolean terminated, boolean truncated) {
}
