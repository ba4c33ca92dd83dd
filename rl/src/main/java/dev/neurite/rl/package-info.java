/**
 * The reinforcement-learning SPI: an {@link dev.neurite.rl.Environment} with its {@link dev.neurite.rl.Space}s (the
 * Gymnasium contract: {@code reset(seed)}, {@code step(action)} giving observation, reward, terminated, truncated), a
 * {@link dev.neurite.rl.Policy}, an {@link dev.neurite.rl.Agent} that learns from {@link dev.neurite.rl.Transition}s,
 * and the agent-environment loop {@link dev.neurite.rl.AgentLoop} with discounted {@link dev.neurite.rl.Returns}.
 */
package dev.neurite.rl;
